import DIDResolution
import Destination
import Foundation
import JSONCanonical
import Logging
import Mapping
import Outbox

/// The gateway as an OpenID4VCI 1.0 credential issuer (pre-authorized code flow), with the
/// public base URL as its identifier:
///
/// - `/.well-known/openid-credential-issuer`, `/.well-known/oauth-authorization-server`,
///   `/.well-known/openid-configuration`: metadata (``OID4VCIIssuerService+Metadata.swift``);
/// - `/offers/{id}` (the page with its QR code) and `/offers/{id}/credential-offer` (the offer
///   object, with a fresh pre-authorized code each time it is fetched);
/// - `/oid4vci/token`, `/oid4vci/nonce`, `/oid4vci/credential`;
/// - `/v1/credentials/{id}/offer` for operators (the gateway checks their bearer token first).
///
/// Offers, codes, tokens and nonces live in the outbox store's protocol records, so a restart or
/// a second instance on PostgreSQL answers for them; codes and tokens are stored as digests.
public struct OID4VCIIssuerService: HolderService {
    let settings: OID4VCISettings
    /// The credential issuer identifier: the public base URL without a trailing slash.
    let issuer: String
    let issuerName: String
    let book: OfferBook
    let store: any HolderRecordStore
    let resolver: NetworkDIDResolver
    let signer: any RedemptionSigner
    let profiles: ProfileSet
    let configurations: [CredentialConfiguration]
    let logger: Logger
    /// The clock (tests move it).
    var now: @Sendable () -> Date = { Date() }

    static let issuerMetadataPath = "/.well-known/openid-credential-issuer"
    static let authorizationServerPath = "/.well-known/oauth-authorization-server"
    static let openIDConfigurationPath = "/.well-known/openid-configuration"
    static let offersPath = "/offers"
    static let adminPath = "/v1/credentials"

    /// `/oid4vci`: the token, nonce and credential endpoints.
    public var mountPath: String { "/oid4vci" }

    /// The endpoints, the offers, the metadata and the operators' path.
    public var mountPaths: [String] {
        [mountPath, Self.offersPath, Self.issuerMetadataPath, Self.authorizationServerPath, Self.openIDConfigurationPath, Self.adminPath]
    }

    /// `/v1/credentials`: what reveals an offer is for operators only.
    public var adminPaths: [String] { [Self.adminPath] }

    /// None: OpenID4VCI finds the issuer through its identifier, not a DID document.
    public var didServices: [JSONValue] { [] }

    var tokenEndpoint: String { issuer + mountPath + "/token" }
    var nonceEndpoint: String { issuer + mountPath + "/nonce" }
    var credentialEndpoint: String { issuer + mountPath + "/credential" }

    /// The offer page's URL.
    func pageURL(offerID: String) -> String { issuer + Self.offersPath + "/" + offerID }
    /// The offer object's URL (`credential_offer_uri`).
    func offerURI(offerID: String) -> String { pageURL(offerID: offerID) + "/credential-offer" }

    /// Routes one request.
    public func handle(_ request: HolderRequest) async -> HolderResponse {
        let segments = request.path.split(separator: "/").map(String.init)
        switch (request.mount, request.method, segments.count) {
        case (Self.issuerMetadataPath, "GET", 0):
            return .json(200, issuerMetadata)
        case (Self.authorizationServerPath, "GET", 0), (Self.openIDConfigurationPath, "GET", 0):
            return .json(200, authorizationServerMetadata)
        case (Self.offersPath, "GET", 1):
            return await offerPage(id: segments[0])
        case (Self.offersPath, "GET", 2) where segments[1] == "credential-offer":
            return await credentialOffer(id: segments[0])
        case (mountPath, "POST", 1) where segments[0] == "token":
            return await token(request)
        case (mountPath, "POST", 1) where segments[0] == "nonce":
            return await nonce()
        case (mountPath, "POST", 1) where segments[0] == "credential":
            return await credential(request)
        case (Self.adminPath, "GET", 2) where segments[1] == "offer":
            return await adminOffer(sourceId: segments[0])
        case (Self.issuerMetadataPath, _, 0), (Self.authorizationServerPath, _, 0), (Self.openIDConfigurationPath, _, 0),
            (Self.offersPath, _, 1), (Self.offersPath, _, 2), (mountPath, _, 1), (Self.adminPath, _, 2):
            return .refusal(405, "invalid_request", "\(request.method) is not allowed on \(request.mount)\(request.path)")
        default:
            return .refusal(404, "not_found", "no OpenID4VCI endpoint at \(request.mount)\(request.path)")
        }
    }

    /// The answer when the store fails: the client may try again shortly.
    func unavailable(_ error: OutboxError) -> HolderResponse {
        logger.error("OpenID4VCI: the store failed", metadata: ["error": "\(error)"])
        return .refusal(503, "temporarily_unavailable", "the gateway's store is unavailable; try again shortly", headers: ["Retry-After": "5"])
    }

    /// OAuth answers carrying secrets are never cached.
    static let noStore = ["Cache-Control": "no-store", "Pragma": "no-cache"]
}
