import AsyncHTTPClient
import Credentials
import Crypto
import Foundation
import JSONCanonical
import NIOCore
import NIOHTTP1

/// An OpenID4VCI 1.0 holder (wallet) for tests, written apart from the gateway's own OID4VCI code:
/// it reads only what goes over HTTP, builds its key proofs with jwt-kit, and takes nothing from
/// the server's modules (the Credentials module only spells its did:key).
///
/// Every step is a method of its own, so a test can run the whole flow or break one step:
/// ``offerURI(fromPage:)`` → ``fetchOffer(_:)`` → ``issuerMetadata(_:)`` →
/// ``authorizationServerMetadata(_:openIDConfiguration:)`` → ``token(_:code:txCode:extra:)`` →
/// ``nonce(_:)`` → ``proof(nonce:audience:alg:keyReference:issuedAt:issuer:)`` →
/// ``credential(_:accessToken:body:)``. The steps never throw for an HTTP status: each returns a
/// ``Reply`` with the status, the headers and the body, parsed as JSON when it is JSON, so tests
/// assert statuses and `error` codes. They throw only when no answer came (connection refused,
/// timeout) or a proof cannot be built.
///
/// The whole flows (``runSpec(offerLink:txCode:)``, ``runTSG(issuerURL:preAuthorizedCode:txCode:)``,
/// ``runTSGLegacy(issuerURL:preAuthorizedCode:txCode:)``) do throw, a ``FlowError`` naming the
/// step and what the issuer answered.
public final class OID4VCIHolder: Sendable {
    /// The HTTP client every step uses.
    public let http: HTTPClient
    /// The holder's Ed25519 private key.
    let privateKey: Curve25519.Signing.PrivateKey
    /// The holder's DID: did:key of its Ed25519 key.
    public let did: String
    /// The verification method of its key: `did:key:<multibase>#<multibase>`.
    public let keyID: String
    /// How long one HTTP exchange may take (the machine can be slow under load).
    public let timeout: TimeAmount

    /// A holder with a fresh Ed25519 key.
    public init(http: HTTPClient = .shared, timeout: TimeAmount = .seconds(60)) {
        self.http = http
        self.timeout = timeout
        let key = Curve25519.Signing.PrivateKey()
        privateKey = key
        // Only to spell the did:key: the multicodec framing and base58btc are the Credentials module's.
        let publicKey = try! PublicKey(type: .ed25519, bytes: Array(key.publicKey.rawRepresentation))
        did = DIDKey.did(for: publicKey)
        keyID = DIDKey.verificationMethodID(for: publicKey)
    }

    /// The public key as a JWK (`OKP`, `Ed25519`), for a proof with a `jwk` header.
    public var publicJWK: [String: String] {
        ["kty": "OKP", "crv": "Ed25519", "x": Self.base64URL(Array(privateKey.publicKey.rawRepresentation))]
    }

    // MARK: Answers

    /// What one HTTP exchange answered.
    public struct Reply: Sendable, CustomStringConvertible {
        /// The HTTP status.
        public var status: Int
        /// The response headers.
        public var headers: HTTPHeaders
        /// The body as text.
        public var text: String
        /// The body parsed as JSON, when it is JSON.
        public var json: JSONValue?

        /// A header's first value (names are case-insensitive).
        public func header(_ name: String) -> String? { headers.first(name: name) }
        /// The OAuth/OpenID4VCI `error` code of an error answer.
        public var error: String? { json?["error"]?.stringValue }
        /// Its `error_description`.
        public var errorDescription: String? { json?["error_description"]?.stringValue }
        /// Whether the status is 2xx.
        public var isSuccess: Bool { (200..<300).contains(status) }

        /// `HTTP <status>` and the body, shortened.
        public var description: String {
            "HTTP \(status) \(text.count > 600 ? String(text.prefix(600)) + "…" : text)"
        }
    }

    /// A whole flow stopped at `step`.
    public struct FlowError: Error, CustomStringConvertible {
        /// The step: `offer page`, `credential offer`, `issuer metadata`, `token`, `nonce`, `credential`, …
        public var step: String
        /// Why.
        public var reason: String
        /// What the issuer answered at that step, when it answered.
        public var reply: Reply?

        public init(step: String, reason: String, reply: Reply? = nil) {
            self.step = step
            self.reason = reason
            self.reply = reply
        }

        public var description: String {
            "\(step): \(reason)" + (reply.map { " (\($0))" } ?? "")
        }
    }

    // MARK: HTTP

    /// Sends one request and collects the answer (up to 4 MiB); throws only when no answer came.
    public func send(
        _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: String? = nil
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await http.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 4 << 20)
        let text = String(buffer: bytes)
        return Reply(
            status: Int(response.status.code), headers: response.headers, text: text,
            json: text.isEmpty ? nil : try? JSONValue(parsing: text))
    }

    // MARK: Encodings (written here, not taken from the server's modules)

    /// Unpadded base64url.
    public static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes unpadded (or padded) base64url; `nil` when it is not base64url.
    public static func base64URLDecode(_ text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard).map(Array.init)
    }

    /// `application/x-www-form-urlencoded` value: everything but the unreserved characters percent-encoded.
    public static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet()
        allowed.insert(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A form body from its fields, in order.
    public static func form(_ fields: [(String, String)]) -> String {
        fields.map { formEncode($0.0) + "=" + formEncode($0.1) }.joined(separator: "&")
    }

    /// The header and claims of a compact JWS, decoded without checking the signature; `nil` when
    /// it is not three base64url parts with JSON objects in the first two.
    public static func decodeJWT(_ token: String) -> (header: JSONValue, payload: JSONValue, signature: [UInt8])? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = base64URLDecode(String(parts[0])), let payload = base64URLDecode(String(parts[1])),
            let signature = base64URLDecode(String(parts[2])),
            let headerJSON = try? JSONValue(parsing: header), headerJSON.objectValue != nil,
            let payloadJSON = try? JSONValue(parsing: payload), payloadJSON.objectValue != nil
        else { return nil }
        return (headerJSON, payloadJSON, signature)
    }

    /// Whether `token` is a JWS over its first two parts by the Ed25519 key `publicKey` (raw 32 bytes).
    public static func verifyEdDSA(_ token: String, publicKey: [UInt8]) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = base64URLDecode(String(parts[2])),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)
        else { return false }
        return key.isValidSignature(signature, for: Array("\(parts[0]).\(parts[1])".utf8))
    }
}
