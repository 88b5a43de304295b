import Credentials
import Foundation
import Hummingbird
import JSONCanonical
import NIOCore
import OID4VCIHolderStandIn
import ServeStandIns
import Testing

/// The holder stand-in's three whole flows against a small issuer written here from the
/// specification (not the gateway): so that a failing process test points at the gateway, not at
/// the holder. This issuer keeps `token_endpoint` out of its credential issuer metadata, so TSG's
/// holders take the openid-configuration path and the specification's holder the RFC 8414 one.
@Suite("OpenID4VCI holder stand-in: whole flows against a minimal issuer")
struct OID4VCIHolderFlowTests {
    /// The issuer's state, under a lock.
    final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var codes: Set<String> = []
        private var nonces: Set<String> = []
        private var tokens: Set<String> = []
        var base = ""

        func make(_ prefix: String, into set: ReferenceWritableKeyPath<State, Set<String>>) -> String {
            lock.withLock {
                let value = prefix + UUID().uuidString
                self[keyPath: set].insert(value)
                return value
            }
        }

        func consume(_ value: String, from set: ReferenceWritableKeyPath<State, Set<String>>) -> Bool {
            lock.withLock { self[keyPath: set].remove(value) != nil }
        }

        func has(_ value: String, in set: ReferenceWritableKeyPath<State, Set<String>>) -> Bool {
            lock.withLock { self[keyPath: set].contains(value) }
        }

        func newCode() -> String { make("code-", into: \.codes) }
        func newNonce() -> String { make("nonce-", into: \.nonces) }
        func newToken() -> String { make("token-", into: \.tokens) }
        func useCode(_ code: String) -> Bool { consume(code, from: \.codes) }
        func useNonce(_ nonce: String) -> Bool { consume(nonce, from: \.nonces) }
        func knows(token: String) -> Bool { has(token, in: \.tokens) }
    }

    static let types: JSONValue = ["VerifiableCredential", "CourseCertificate"]

    static func json(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.compactString)))
    }

    static func form(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }

    /// Checks a key proof as an issuer must: typ, EdDSA, a did:key kid whose key signed it, aud, a nonce it gave.
    static func check(proof: String, state: State) -> (holder: String?, error: String?) {
        guard let decoded = OID4VCIHolder.decodeJWT(proof), decoded.header["typ"]?.stringValue == "openid4vci-proof+jwt",
            decoded.header["alg"]?.stringValue == "EdDSA", let kid = decoded.header["kid"]?.stringValue,
            let key = try? DIDKey.publicKey(from: kid), OID4VCIHolder.verifyEdDSA(proof, publicKey: key.keyBytes),
            decoded.payload["aud"]?.stringValue == state.base
        else { return (nil, "invalid_proof") }
        guard let nonce = decoded.payload["nonce"]?.stringValue, state.useNonce(nonce) else { return (nil, "invalid_nonce") }
        return (String(kid.prefix { $0 != "#" }), nil)
    }

    /// Starts the issuer.
    static func start() async throws -> (RunningServer, State) {
        let state = State()
        let router = Router()
        router.get("/offers/o1") { _, _ in
            let uri = (state.base + "/offers/o1/credential-offer").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let html = "<html><body><svg></svg><a href=\"openid-credential-offer://?credential_offer_uri=\(uri)\">wallet</a></body></html>"
            return Response(status: .ok, headers: [.contentType: "text/html"], body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        }
        router.get("/offers/o1/credential-offer") { _, _ in
            json(
                .ok,
                [
                    "credential_issuer": .string(state.base), "credential_configuration_ids": ["c.ldp_vc", "c.jwt_vc_json"],
                    "grants": [OID4VCIHolder.preAuthorizedGrant: ["pre-authorized_code": .string(state.newCode())]],
                ])
        }
        router.get("/.well-known/openid-credential-issuer") { _, _ in
            json(
                .ok,
                [
                    "credential_issuer": .string(state.base), "credential_endpoint": .string(state.base + "/credential"),
                    "nonce_endpoint": .string(state.base + "/nonce"),
                    "credential_configurations_supported": [
                        "c.ldp_vc": ["format": "ldp_vc", "credential_definition": ["type": types]],
                        "c.jwt_vc_json": ["format": "jwt_vc_json", "credential_definition": ["type": types]],
                    ],
                ])
        }
        for document in ["oauth-authorization-server", "openid-configuration"] {
            router.get("/.well-known/\(document)") { _, _ in
                json(.ok, ["issuer": .string(state.base), "token_endpoint": .string(state.base + "/token")])
            }
        }
        router.post("/token") { request, _ in
            var request = request
            let fields = form(String(buffer: try await request.collectBody(upTo: 65_536)))
            guard fields["grant_type"] == OID4VCIHolder.preAuthorizedGrant, let code = fields["pre-authorized_code"], state.useCode(code) else {
                return json(.badRequest, ["error": "invalid_grant"])
            }
            return json(
                .ok,
                [
                    "access_token": .string(state.newToken()), "token_type": "Bearer", "expires_in": 600, "c_nonce": .string(state.newNonce()),
                    "authorization_details": [
                        ["type": "openid_credential", "credential_configuration_id": "c.ldp_vc", "credential_identifiers": ["c.ldp_vc#1"]],
                        ["type": "openid_credential", "credential_configuration_id": "c.jwt_vc_json", "credential_identifiers": ["c.jwt_vc_json#1"]],
                    ],
                ])
        }
        router.post("/nonce") { _, _ in json(.ok, ["c_nonce": .string(state.newNonce())]) }
        router.post("/credential") { request, _ in
            guard let bearer = request.headers[.authorization], bearer.hasPrefix("Bearer "), state.knows(token: String(bearer.dropFirst(7))) else {
                return json(.unauthorized, ["error": "invalid_token"])
            }
            var request = request
            let body = try JSONValue(parsing: String(buffer: try await request.collectBody(upTo: 65_536)))
            let proof = body["proofs"]?["jwt"]?[0]?.stringValue ?? body["proofs"]?[0]?["jwt"]?.stringValue ?? body["proof"]?["jwt"]?.stringValue
            let legacy = body["proof"] != nil
            let format = body["format"]?.stringValue ?? (body["credential_identifier"]?.stringValue?.hasPrefix("c.jwt") == true ? "jwt_vc_json" : "ldp_vc")
            let (holder, error) = check(proof: proof ?? "", state: state)
            guard let holder else { return json(.badRequest, ["error": .string(error ?? "invalid_proof")]) }
            let vc: JSONValue = [
                "@context": ["https://www.w3.org/2018/credentials/v1"], "id": "urn:uuid:1", "type": types, "issuer": "did:web:issuer.example",
                "credentialSubject": ["id": .string(holder)],
            ]
            let credential: JSONValue
            if format == "jwt_vc_json" {
                let header = OID4VCIHolder.base64URL(Array(#"{"alg":"EdDSA","kid":"did:web:issuer.example#k"}"#.utf8))
                let claims: JSONValue = ["iss": "did:web:issuer.example", "sub": .string(holder), "jti": "urn:uuid:1", "vc": vc]
                credential = .string(header + "." + OID4VCIHolder.base64URL(Array(claims.compactString.utf8)) + "." + OID4VCIHolder.base64URL([1, 2, 3]))
            } else {
                credential = vc
            }
            var answer: JSONObject = ["credentials": [["credential": credential]]]
            if legacy { answer["credential"] = credential }
            return json(.ok, .object(answer))
        }
        let server = try await RunningServer.start(router: router, name: "oid4vci-minimal-issuer")
        state.base = server.baseURL
        return (server, state)
    }

    @Test("the specification's holder: from the page to an ldp_vc, or with a chosen configuration a jwt_vc_json, bound to its did:key")
    func spec() async throws {
        let (server, _) = try await Self.start()
        defer { Task { await server.stop() } }
        let holder = OID4VCIHolder()
        let issued = try await holder.runSpec(offerLink: server.baseURL + "/offers/o1")
        #expect(issued.configurationID == "c.ldp_vc")
        #expect(issued.vc?["credentialSubject"]?["id"]?.stringValue == holder.did)
        #expect(issued.offer?.credentialIssuer == server.baseURL)
        let jwt = try await holder.runSpec(offerLink: server.baseURL + "/offers/o1", configuration: "c.jwt_vc_json")
        #expect(jwt.jwt != nil)
        #expect(jwt.vc?["credentialSubject"]?["id"]?.stringValue == holder.did)
        await #expect(throws: OID4VCIHolder.FlowError.self) {
            try await holder.runSpec(offerLink: server.baseURL + "/offers/o1", configuration: "c.unknown")
        }
        do {
            _ = try await holder.runSpec(offerLink: server.baseURL + "/nowhere")
            Issue.record("a page that is not there must stop the flow")
        } catch let error as OID4VCIHolder.FlowError {
            #expect(error.step == "offer page")
            #expect(error.reply?.status == 404)
        }
    }

    @Test("TSG's holders: the newest finds the token endpoint in openid-configuration and sends proofs as an array; the older gets a checked JWT")
    func tsg() async throws {
        let (server, _) = try await Self.start()
        defer { Task { await server.stop() } }
        let holder = OID4VCIHolder()
        func code() async throws -> String {
            let reply = try await holder.fetchOffer(server.baseURL + "/offers/o1/credential-offer")
            return try #require(reply.json.flatMap(OID4VCIHolder.Offer.init)?.preAuthorizedCode)
        }
        let newest = try await holder.runTSG(issuerURL: server.baseURL, preAuthorizedCode: try await code())
        #expect(newest.configurationID == "c.ldp_vc")
        #expect(newest.vc?["credentialSubject"]?["id"]?.stringValue == holder.did)
        let legacy = try await holder.runTSGLegacy(issuerURL: server.baseURL, preAuthorizedCode: try await code())
        #expect(legacy.configurationID == "c.jwt_vc_json")
        #expect(legacy.decodedJWT?.payload["sub"]?.stringValue == holder.did)
        #expect(legacy.vc?["credentialSubject"]?["id"]?.stringValue == holder.did)
        // A used code is refused, and the flow says where it stopped.
        let used = try await code()
        _ = try await holder.runTSG(issuerURL: server.baseURL, preAuthorizedCode: used)
        do {
            _ = try await holder.runTSG(issuerURL: server.baseURL, preAuthorizedCode: used)
            Issue.record("a replayed code must stop the flow")
        } catch let error as OID4VCIHolder.FlowError {
            #expect(error.step == "token")
            #expect(error.reply?.error == "invalid_grant")
        }
    }
}
