import AsyncHTTPClient
import CredentialJWT
import Credentials
import Foundation
import Hummingbird
import JSONCanonical
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import TestCertificates

/// A DCP holder for tests, over HTTPS on 127.0.0.1 with a test CA's certificate:
///
/// - its DID, `did:web:localhost%3A<port>:holders:<name>`, has a document at
///   `/holders/<name>/did.json` with an Ed25519 key and (unless told otherwise) a
///   `CredentialService` at `https://localhost:<port>/holders/<name>/dcp`;
/// - `POST …/dcp/credentials` (the storage API) checks what TSG's holder checks
///   (../shared/docs/DCP.md): a bearer self-issued ID token whose `aud` is this DID, `iss` = `sub`,
///   a `kid` of the issuer, `jti`, unexpired; the message's shape; each VC's `issuer` equal to the
///   token's `sub` (a `jwt` payload verified as a VC-JWT, an `ldp`/`json-ld` payload a JSON
///   string). For a request it made, the token must carry the access token it gave;
/// - it drives the specification's request flow: ``requestCredentials(issuerService:issuerDID:credentialIDs:)``.
///
/// Refusals answer 400/401 with `{"error": reason}`; scripted failures (429, 503) come first.
public final class DCPHolderStandIn: Sendable {
    /// One accepted write.
    public struct Received: Sendable {
        /// The `CredentialMessage` as posted.
        public var message: JSONValue
        /// The bearer ID token as posted.
        public var idToken: String
        /// Its verified claims.
        public var claims: SelfIssuedIDToken.Claims
        /// The credentials, decoded (a VC-JWT's credential after verification).
        public var credentials: [JSONValue]
    }

    /// A failure answered before any check.
    public struct ScriptedFailure: Sendable {
        /// The status.
        public var status: Int
        /// A `Retry-After` in seconds.
        public var retryAfter: Int?
        /// Creates one.
        public init(status: Int, retryAfter: Int? = nil) {
            self.status = status
            self.retryAfter = retryAfter
        }
    }

    /// How the holder behaves.
    public struct Behaviour: Sendable {
        /// Whether its DID document lists a `CredentialService`.
        public var publishesCredentialService = true
        /// The `aud` it expects, if not its own DID (a misconfigured holder, for wrong-`aud` tests).
        public var expectedAudience: String?
        /// Added to its clock when checking tokens (a large value makes every token look expired).
        public var clockOffset: TimeInterval = 0
        /// Where its DID document says the service is, if not its own (an unreachable holder).
        public var serviceEndpointOverride: String?
        /// Creates the default behaviour.
        public init() {}
    }

    private struct State {
        var received: [Received] = []
        var refusals: [String] = []
        var failures: [ScriptedFailure] = []
        var accessTokens: [String: String] = [:]
        var posts = 0
    }

    /// The holder's name in its DID path.
    public let name: String
    /// Its signing key (for its own ID tokens).
    public let key: SigningKey
    /// The server.
    public let server: TLSTestServer
    /// Documents it resolves issuers from (the gateway's did.json).
    private let issuerDocuments: [JSONValue]
    private let behaviour: Behaviour
    private let state = NIOLockedValueBox(State())

    /// The holder DID.
    public var did: String { "did:web:localhost%3A\(server.port):holders:\(name)" }
    /// Its key's verification method.
    public var keyID: String { did + "#key-1" }
    /// Its Credential Service base URL.
    public var serviceURL: String { "https://localhost:\(server.port)/holders/\(name)/dcp" }

    private init(name: String, key: SigningKey, server: TLSTestServer, issuerDocuments: [JSONValue], behaviour: Behaviour) {
        self.name = name
        self.key = key
        self.server = server
        self.issuerDocuments = issuerDocuments
        self.behaviour = behaviour
    }

    /// Starts a holder serving with `authority`'s certificate; `issuerDocuments` are the DID
    /// documents it checks issuers' tokens and VCs against.
    public static func start(
        authority: TestCertificateAuthority, name: String = "alice", issuerDocuments: [JSONValue], behaviour: Behaviour = Behaviour()
    ) async throws -> DCPHolderStandIn {
        let box = NIOLockedValueBox<DCPHolderStandIn?>(nil)
        let router = Router()
        router.get("/holders/\(name)/did.json") { _, _ in
            guard let holder = box.withLockedValue({ $0 }) else { return Response(status: .serviceUnavailable) }
            return Self.json(.ok, holder.document)
        }
        router.post("/holders/\(name)/dcp/credentials") { request, _ in
            guard let holder = box.withLockedValue({ $0 }) else { return Response(status: .serviceUnavailable) }
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let authorization = request.headers[.authorization]
            return await holder.store(body: Array(body.readableBytesView), authorization: authorization)
        }
        let server = try await TLSTestServer.start(router: router, authority: authority, name: "dcp-holder-\(name)")
        let holder = DCPHolderStandIn(
            name: name, key: SigningKey.generate(.ed25519), server: server, issuerDocuments: issuerDocuments, behaviour: behaviour)
        box.withLockedValue { $0 = holder }
        return holder
    }

    /// Stops the server.
    public func stop() async { await server.stop() }

    /// Accepted writes, in order.
    public var received: [Received] { state.withLockedValue { $0.received } }
    /// Refusal reasons, in order.
    public var refusals: [String] { state.withLockedValue { $0.refusals } }
    /// Every POST to the storage API, answered or not.
    public var posts: Int { state.withLockedValue { $0.posts } }

    /// Answers the next posts with these failures, in order.
    public func fail(_ failures: ScriptedFailure...) {
        state.withLockedValue { $0.failures.append(contentsOf: failures) }
    }

    /// Its DID document.
    public var document: JSONValue {
        var jwk = key.publicKey.jwk.json
        if case .object(var object) = jwk {
            object["kid"] = nil
            jwk = .object(object)
        }
        var document: JSONObject = [
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": .string(did),
            "verificationMethod": [
                ["id": .string(keyID), "type": "JsonWebKey2020", "controller": .string(did), "publicKeyJwk": jwk]
            ],
            "authentication": [.string(keyID)],
            "assertionMethod": [.string(keyID)],
        ]
        if behaviour.publishesCredentialService {
            document["service"] = [
                [
                    "id": .string(did + "#credential-service"), "type": "CredentialService",
                    "serviceEndpoint": .string(behaviour.serviceEndpointOverride ?? serviceURL),
                ]
            ]
        }
        return .object(document)
    }

    private func store(body: [UInt8], authorization: String?) async -> Response {
        let scripted = state.withLockedValue { state -> ScriptedFailure? in
            state.posts += 1
            return state.failures.isEmpty ? nil : state.failures.removeFirst()
        }
        if let scripted {
            var headers: HTTPFields = [.contentType: "application/json"]
            if let seconds = scripted.retryAfter { headers[.retryAfter] = "\(seconds)" }
            return Response(
                status: .init(code: scripted.status), headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"error":"scripted \#(scripted.status)"}"#)))
        }
        guard let authorization, authorization.hasPrefix("Bearer ") else {
            return refuse(.unauthorized, "no bearer self-issued ID token")
        }
        let token = String(authorization.dropFirst("Bearer ".count))
        let resolver: DIDResolver
        do {
            resolver = try DIDResolver(documents: issuerDocuments)
        } catch {
            return refuse(.internalServerError, "issuer documents: \(error)")
        }
        let claims: SelfIssuedIDToken.Claims
        do {
            claims = try await SelfIssuedIDToken.verify(
                token, expectedAudience: behaviour.expectedAudience ?? did, resolver: resolver,
                now: Date().addingTimeInterval(behaviour.clockOffset), leeway: .seconds(5))
        } catch {
            return refuse(.unauthorized, "token: \(error)")
        }
        guard claims.tokenID != nil else { return refuse(.unauthorized, "token: no jti") }
        guard let message = try? JSONValue(parsing: String(decoding: body, as: UTF8.self)) else {
            return refuse(.badRequest, "the body is not JSON")
        }
        guard message["type"]?.stringValue == "CredentialMessage", message["status"]?.stringValue == "ISSUED",
            message["issuerPid"]?.stringValue != nil, let containers = message["credentials"]?.arrayValue
        else {
            return refuse(.badRequest, "not an ISSUED CredentialMessage with issuerPid and credentials")
        }
        if let holderPid = message["holderPid"]?.stringValue, let access = state.withLockedValue({ $0.accessTokens[holderPid] }) {
            guard claims.all["token"]?.stringValue == access else {
                return refuse(.unauthorized, "token: the access token given with request \(holderPid) is missing from the 'token' claim")
            }
        }
        var credentials: [JSONValue] = []
        for container in containers {
            guard let payload = container["payload"]?.stringValue, let format = container["format"]?.stringValue else {
                return refuse(.badRequest, "a credential container without a string payload and a format")
            }
            let credential: JSONValue
            switch format {
            case "jwt":
                do {
                    credential = try await CredentialJWT.verify(payload, resolver: resolver).credential
                } catch {
                    return refuse(.badRequest, "VC-JWT: \(error)")
                }
            case "ldp", "json-ld":
                guard let parsed = try? JSONValue(parsing: payload) else {
                    return refuse(.badRequest, "an \(format) payload must be the VC as a JSON string")
                }
                credential = parsed
            default:
                return refuse(.badRequest, "format \(format) is not accepted")
            }
            let issuer = credential["issuer"]?.stringValue ?? credential["issuer"]?["id"]?.stringValue
            guard issuer == claims.issuer else {
                return refuse(.badRequest, "the VC's issuer \(issuer ?? "(none)") is not the token's sub \(claims.issuer)")
            }
            credentials.append(credential)
        }
        let received = Received(message: message, idToken: token, claims: claims, credentials: credentials)
        state.withLockedValue { $0.received.append(received) }
        return Response(status: .ok)
    }

    private func refuse(_ status: HTTPResponse.Status, _ reason: String) -> Response {
        state.withLockedValue { $0.refusals.append(reason) }
        return Self.json(status, ["error": .string(reason)])
    }

    // MARK: The specification's request flow

    /// What the issuer service answered.
    public struct Answer: Sendable {
        /// The status.
        public var status: Int
        /// `Location`, when given.
        public var location: String?
        /// The JSON body, when there is one.
        public var body: JSONValue?
    }

    /// Sends a `CredentialRequestMessage` to `issuerService` (its base URL) with a fresh ID token
    /// for `issuerDID` carrying a new access token, which this holder then expects back.
    public func requestCredentials(
        issuerService: String, issuerDID: String, credentialIDs: [String], holderPid: String = UUID().uuidString,
        message: JSONValue? = nil
    ) async throws -> Answer {
        let access = "access-" + UUID().uuidString
        state.withLockedValue { $0.accessTokens[holderPid] = access }
        let token = try await idToken(audience: issuerDID, extraClaims: ["token": .string(access)])
        let body =
            message
            ?? [
                "@context": ["https://w3id.org/dspace-dcp/v1.0/dcp.jsonld"], "type": "CredentialRequestMessage",
                "holderPid": .string(holderPid), "credentials": .array(credentialIDs.map { ["id": .string($0)] }),
            ]
        return try await send(.POST, issuerService + "/credentials", token: token, body: body)
    }

    /// Reads a request's status with a fresh ID token.
    public func status(at url: String, issuerDID: String) async throws -> Answer {
        try await send(.GET, url, token: try await idToken(audience: issuerDID), body: nil)
    }

    /// A fresh self-issued ID token of this holder.
    public func idToken(audience: String, extraClaims: [String: JSONValue] = [:]) async throws -> String {
        try await SelfIssuedIDToken.make(issuer: did, audience: audience, key: key, keyID: keyID, extraClaims: extraClaims)
    }

    /// Sends a request to the gateway (plain http on loopback in tests) with `token`.
    public func send(_ method: HTTPMethod, _ url: String, token: String?, body: JSONValue?) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.compactString))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        let text = String(buffer: bytes)
        return Answer(
            status: Int(response.status.code), location: response.headers.first(name: "Location"),
            body: text.isEmpty ? nil : try? JSONValue(parsing: text))
    }

    private static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.compactString)))
    }
}
