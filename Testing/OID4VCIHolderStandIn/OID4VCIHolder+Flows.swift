import Foundation
import JSONCanonical

/// Three whole holders: the specification's, and the two request shapes TSG's wallet has used
/// (../shared/docs/OID4VCI.md, "How TSG's wallet acts as an OID4VCI holder").
extension OID4VCIHolder {
    /// What a whole flow obtained.
    public struct Issued: Sendable {
        /// The credential: a JSON object (`ldp_vc`) or a JSON string holding a compact JWT (`jwt_vc_json`).
        public var credential: JSONValue
        /// The whole credential response.
        public var response: Reply
        /// The token response.
        public var token: Reply
        /// The access token.
        public var accessToken: String
        /// The credential issuer metadata read on the way.
        public var issuerMetadata: JSONValue
        /// The offer, when the flow started from one.
        public var offer: Offer?
        /// `credential_configuration_id` of the credential, when the token response or the request named it.
        public var configurationID: String?
        /// The proof sent.
        public var proof: String

        /// The compact JWT, when the credential is one.
        public var jwt: String? { credential.stringValue }
        /// A JWT credential's decoded header and claims.
        public var decodedJWT: (header: JSONValue, payload: JSONValue, signature: [UInt8])? {
            jwt.flatMap { OID4VCIHolder.decodeJWT($0) }
        }
        /// The VC: the object itself (`ldp_vc`), or a VC 1.1 JWT's `vc` claim (or a VC 2.0 JWT's claims).
        public var vc: JSONValue? {
            if credential.objectValue != nil { return credential }
            guard let payload = decodedJWT?.payload else { return nil }
            return payload["vc"] ?? payload
        }
    }

    // MARK: The specification's holder

    /// The 1.0 pre-authorized code flow from the link in the e-mail: the offer page → its
    /// `credential_offer_uri` → the offer → issuer metadata → the authorization server's metadata
    /// (`authorization_servers[0]`, else the issuer; RFC 8414 `oauth-authorization-server`) →
    /// `token_endpoint` → token (with `txCode` when the offer asks for one) → `nonce_endpoint` →
    /// credential request `{credential_identifier: authorization_details[0].credential_identifiers[0],
    /// proofs: {jwt: [proof]}}` → `credentials[0].credential`.
    ///
    /// With `configuration`, the holder takes the `authorization_details` entry whose
    /// `credential_configuration_id` is that one instead of the first (an offer of several
    /// configurations gets one entry per configuration).
    public func runSpec(offerLink: String, txCode: String? = nil, configuration: String? = nil) async throws -> Issued {
        let page = try await offerURI(fromPage: offerLink)
        guard page.reply.status == 200 else { throw FlowError(step: "offer page", reason: "not 200", reply: page.reply) }
        guard let uri = page.credentialOfferURI else {
            throw FlowError(step: "offer page", reason: "no openid-credential-offer://?credential_offer_uri= link in an href", reply: page.reply)
        }
        let offerReply = try await fetchOffer(uri)
        guard offerReply.status == 200, let json = offerReply.json, let offer = Offer(json) else {
            throw FlowError(step: "credential offer", reason: "not 200 with a pre-authorized code offer", reply: offerReply)
        }
        if offer.txCode != nil && txCode == nil {
            throw FlowError(step: "credential offer", reason: "the offer asks for a tx_code and none was given", reply: offerReply)
        }
        let metadataReply = try await issuerMetadata(offer.credentialIssuer)
        guard metadataReply.status == 200, let metadata = metadataReply.json else {
            throw FlowError(step: "issuer metadata", reason: "not 200 with JSON", reply: metadataReply)
        }
        guard metadata["credential_issuer"]?.stringValue == offer.credentialIssuer else {
            throw FlowError(
                step: "issuer metadata", reason: "credential_issuer is not the offer's \(offer.credentialIssuer)", reply: metadataReply)
        }
        guard let credentialEndpoint = metadata["credential_endpoint"]?.stringValue else {
            throw FlowError(step: "issuer metadata", reason: "no credential_endpoint", reply: metadataReply)
        }
        let authorizationServer = metadata["authorization_servers"]?[0]?.stringValue ?? offer.credentialIssuer
        let serverReply = try await authorizationServerMetadata(authorizationServer)
        guard serverReply.status == 200, let tokenEndpoint = serverReply.json?["token_endpoint"]?.stringValue else {
            throw FlowError(step: "authorization server metadata", reason: "not 200 with a token_endpoint", reply: serverReply)
        }
        let tokenReply = try await token(tokenEndpoint, code: offer.preAuthorizedCode, txCode: offer.txCode == nil ? nil : txCode)
        guard tokenReply.status == 200, let accessToken = tokenReply.json?["access_token"]?.stringValue else {
            throw FlowError(step: "token", reason: "not 200 with an access_token", reply: tokenReply)
        }
        let allDetails = tokenReply.json?["authorization_details"]?.arrayValue ?? []
        let chosen = configuration.map { wanted in allDetails.first { $0["credential_configuration_id"]?.stringValue == wanted } } ?? allDetails.first
        guard let details = chosen, let identifier = details["credential_identifiers"]?[0]?.stringValue else {
            throw FlowError(
                step: "token", reason: "no authorization_details entry \(configuration ?? "[0]") with credential_identifiers[0]",
                reply: tokenReply)
        }
        guard let nonceEndpoint = metadata["nonce_endpoint"]?.stringValue else {
            throw FlowError(step: "issuer metadata", reason: "no nonce_endpoint", reply: metadataReply)
        }
        let nonceReply = try await nonce(nonceEndpoint)
        guard nonceReply.status == 200, let cNonce = nonceReply.json?["c_nonce"]?.stringValue else {
            throw FlowError(step: "nonce", reason: "not 200 with a c_nonce", reply: nonceReply)
        }
        let proof = try await proof(nonce: cNonce, audience: offer.credentialIssuer)
        let credentialReply = try await credential(
            credentialEndpoint, accessToken: accessToken, body: Self.specRequest(credentialIdentifier: identifier, proofs: [proof]))
        guard credentialReply.status == 200, let credential = credentialReply.json?["credentials"]?[0]?["credential"] else {
            throw FlowError(step: "credential", reason: "not 200 with credentials[0].credential", reply: credentialReply)
        }
        return Issued(
            credential: credential, response: credentialReply, token: tokenReply, accessToken: accessToken, issuerMetadata: metadata,
            offer: offer, configurationID: details["credential_configuration_id"]?.stringValue, proof: proof)
    }

    // MARK: TSG's holders

    /// The issuer metadata and the token endpoint as TSG's holder finds them: `issuerURL` +
    /// `/.well-known/openid-credential-issuer` (appended), `token_endpoint` from there, else from
    /// `/.well-known/openid-configuration` (a 404 ends the lookup; `oauth-authorization-server` is never tried).
    func tsgEndpoints(issuerURL: String) async throws -> (metadata: JSONValue, metadataReply: Reply, tokenEndpoint: String) {
        let base = issuerURL.hasSuffix("/") ? String(issuerURL.dropLast()) : issuerURL
        let metadataReply = try await send(.GET, base + "/.well-known/openid-credential-issuer", headers: [("Accept", "application/json")])
        guard metadataReply.status == 200, let metadata = metadataReply.json else {
            throw FlowError(step: "issuer metadata", reason: "not 200 with JSON", reply: metadataReply)
        }
        if let tokenEndpoint = metadata["token_endpoint"]?.stringValue { return (metadata, metadataReply, tokenEndpoint) }
        let configuration = try await send(.GET, base + "/.well-known/openid-configuration", headers: [("Accept", "application/json")])
        guard configuration.status == 200, let tokenEndpoint = configuration.json?["token_endpoint"]?.stringValue else {
            throw FlowError(
                step: "openid-configuration", reason: "no token_endpoint in the issuer metadata, nor here", reply: configuration)
        }
        return (metadata, metadataReply, tokenEndpoint)
    }

    /// TSG's newest holder (`POST oid4vci/holder/request {issuerUrl, preAuthorizedCode}`): the
    /// token endpoint from the issuer metadata (else openid-configuration); it requires
    /// `authorization_details[0]` with both `credential_configuration_id` and
    /// `credential_identifiers`; a nonce from the nonce endpoint; the body
    /// `{credential_identifier, proofs: [{proof_type: "jwt", jwt}]}` (an array, not 1.0's object).
    public func runTSG(issuerURL: String, preAuthorizedCode: String, txCode: String? = nil) async throws -> Issued {
        let (metadata, metadataReply, tokenEndpoint) = try await tsgEndpoints(issuerURL: issuerURL)
        guard let credentialEndpoint = metadata["credential_endpoint"]?.stringValue else {
            throw FlowError(step: "issuer metadata", reason: "no credential_endpoint", reply: metadataReply)
        }
        let issuer = metadata["credential_issuer"]?.stringValue ?? issuerURL
        let tokenReply = try await token(tokenEndpoint, code: preAuthorizedCode, txCode: txCode)
        guard tokenReply.status == 200, let accessToken = tokenReply.json?["access_token"]?.stringValue else {
            throw FlowError(step: "token", reason: "not 200 with an access_token", reply: tokenReply)
        }
        guard let details = tokenReply.json?["authorization_details"]?[0],
            let configurationID = details["credential_configuration_id"]?.stringValue,
            let identifier = details["credential_identifiers"]?[0]?.stringValue
        else {
            throw FlowError(
                step: "token", reason: "authorization_details[0] lacks credential_configuration_id or credential_identifiers",
                reply: tokenReply)
        }
        let cNonce: String
        if let nonceEndpoint = metadata["nonce_endpoint"]?.stringValue {
            let nonceReply = try await nonce(nonceEndpoint)
            guard nonceReply.status == 200, let value = nonceReply.json?["c_nonce"]?.stringValue else {
                throw FlowError(step: "nonce", reason: "not 200 with a c_nonce", reply: nonceReply)
            }
            cNonce = value
        } else if let value = tokenReply.json?["c_nonce"]?.stringValue {
            cNonce = value
        } else {
            throw FlowError(step: "nonce", reason: "no nonce_endpoint and no c_nonce in the token response", reply: tokenReply)
        }
        let proof = try await proof(nonce: cNonce, audience: issuer)
        let credentialReply = try await credential(
            credentialEndpoint, accessToken: accessToken, body: Self.tsgRequest(credentialIdentifier: identifier, proof: proof))
        guard credentialReply.status == 200, let credential = Self.firstCredential(in: credentialReply.json) else {
            throw FlowError(step: "credential", reason: "not 200 with a credential", reply: credentialReply)
        }
        return Issued(
            credential: credential, response: credentialReply, token: tokenReply, accessToken: accessToken, issuerMetadata: metadata,
            offer: nil, configurationID: configurationID, proof: proof)
    }

    /// TSG's older holder: `c_nonce` from the token response; the body `{format: "jwt_vc_json",
    /// credential_definition: {type: […]}, proof: {proof_type: "jwt", jwt}}` with the types of the
    /// issuer's `jwt_vc_json` configuration; it expects a top-level `credential` that is a compact
    /// JWT with a `vc` claim, a `kid` header and `iss` and `jti` claims, and checks those.
    public func runTSGLegacy(issuerURL: String, preAuthorizedCode: String, txCode: String? = nil) async throws -> Issued {
        let (metadata, metadataReply, tokenEndpoint) = try await tsgEndpoints(issuerURL: issuerURL)
        guard let credentialEndpoint = metadata["credential_endpoint"]?.stringValue else {
            throw FlowError(step: "issuer metadata", reason: "no credential_endpoint", reply: metadataReply)
        }
        let issuer = metadata["credential_issuer"]?.stringValue ?? issuerURL
        let configurations = metadata["credential_configurations_supported"]?.objectValue
        guard
            let (configurationID, configuration) = configurations?.members.lazy.map({ ($0.key, $0.value) })
                .first(where: { $0.1["format"]?.stringValue == "jwt_vc_json" }),
            let types = configuration["credential_definition"]?["type"]?.arrayValue?.compactMap(\.stringValue), !types.isEmpty
        else {
            throw FlowError(step: "issuer metadata", reason: "no jwt_vc_json configuration with credential_definition.type", reply: metadataReply)
        }
        let tokenReply = try await token(tokenEndpoint, code: preAuthorizedCode, txCode: txCode)
        guard tokenReply.status == 200, let accessToken = tokenReply.json?["access_token"]?.stringValue else {
            throw FlowError(step: "token", reason: "not 200 with an access_token", reply: tokenReply)
        }
        guard let cNonce = tokenReply.json?["c_nonce"]?.stringValue else {
            throw FlowError(step: "token", reason: "no c_nonce in the token response (the older holder reads it there)", reply: tokenReply)
        }
        let proof = try await proof(nonce: cNonce, audience: issuer)
        let credentialReply = try await credential(
            credentialEndpoint, accessToken: accessToken, body: Self.tsgLegacyRequest(types: types, proof: proof))
        guard credentialReply.status == 200, let credential = credentialReply.json?["credential"] else {
            throw FlowError(step: "credential", reason: "not 200 with a top-level credential", reply: credentialReply)
        }
        guard let jwt = credential.stringValue, let decoded = Self.decodeJWT(jwt) else {
            throw FlowError(step: "credential", reason: "the credential is not a compact JWT", reply: credentialReply)
        }
        guard decoded.header["kid"]?.stringValue?.isEmpty == false else {
            throw FlowError(step: "credential", reason: "the JWT has no kid header", reply: credentialReply)
        }
        guard decoded.payload["iss"]?.stringValue?.isEmpty == false, decoded.payload["jti"]?.stringValue?.isEmpty == false else {
            throw FlowError(step: "credential", reason: "the JWT lacks an iss or a jti claim", reply: credentialReply)
        }
        guard decoded.payload["vc"]?.objectValue != nil else {
            throw FlowError(step: "credential", reason: "the JWT has no vc claim", reply: credentialReply)
        }
        return Issued(
            credential: credential, response: credentialReply, token: tokenReply, accessToken: accessToken, issuerMetadata: metadata,
            offer: nil, configurationID: configurationID, proof: proof)
    }
}
