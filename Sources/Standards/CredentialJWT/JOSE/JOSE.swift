import Credentials
import Foundation
import JSONCanonical
import JWTKit

/// The one place that hands certbridge keys to jwt-kit: every JWT this module makes or checks
/// is signed, serialised, parsed and verified by jwt-kit; this only picks the jwt-kit key for a
/// ``SigningKey`` or ``PublicKey`` and the coders that keep payloads in order.
enum JOSE {
    static let parser = DefaultJWTParser(jsonDecoder: JOSEDecoder())
    static let serializer = DefaultJWTSerializer(jsonEncoder: JOSEEncoder())

    /// A parsed but unverified compact JWT.
    struct Parsed {
        var header: JWTHeader
        var payload: JSONObject

        /// A string header member, or `nil` when absent; a member of another kind is an error.
        func headerString(_ name: String) throws(CredentialJWTError) -> String? {
            guard let field = header.fields[name] else { return nil }
            guard let text = field.asString else { throw .invalid(name, reason: "the header member is not a string") }
            return text
        }
    }

    /// Parses a compact JWS with jwt-kit; no signature check.
    static func parse(_ token: String) throws(CredentialJWTError) -> Parsed {
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.split(separator: ".", omittingEmptySubsequences: false).count == 3 else {
            throw .malformed(reason: "expected three base64url parts separated by '.'")
        }
        do {
            let parsed = try parser.parse(Array(trimmed.utf8), as: JSONPayload.self)
            return Parsed(header: parsed.header, payload: parsed.payload.object)
        } catch let error as CredentialJWTError {
            throw error
        } catch {
            throw .malformed(reason: "\(error)")
        }
    }

    /// Signs `payload` with `key` under the header members given (jwt-kit adds `alg`, and
    /// `kid` from `kid`).
    static func sign(_ payload: JSONObject, header: JWTHeader, key: SigningKey, kid: String) async throws(CredentialJWTError) -> String {
        let keys = JWTKeyCollection(defaultJWTParser: parser, defaultJWTSerializer: serializer)
        let identifier = JWKIdentifier(string: kid)
        var header = header
        header.alg = key.type.signingAlgorithm.rawValue
        do {
            switch key.storage {
            case .ed25519(let backing):
                await keys.add(eddsa: EdDSA.PrivateKey(backing: backing), kid: identifier, parser: parser, serializer: serializer)
            case .p256(let backing):
                await keys.add(ecdsa: try ES256PrivateKey(backing: backing), kid: identifier, parser: parser, serializer: serializer)
            case .p384(let backing):
                await keys.add(ecdsa: try ES384PrivateKey(backing: backing), kid: identifier, parser: parser, serializer: serializer)
            case .rsa(let backing):
                // PS256: jwt-kit's PSS padding is swift-crypto's, salt length = SHA-256 length (32).
                await keys.add(
                    pss: try Insecure.RSA.PrivateKey(backing: backing), digestAlgorithm: .sha256, kid: identifier, parser: parser,
                    serializer: serializer)
            }
            return try await keys.sign(JSONPayload(payload), kid: identifier, header: header)
        } catch {
            throw .signing(reason: "\(error)")
        }
    }

    /// Checks the signature of `token` with `key` under `algorithm` (already matched to the key
    /// and to the header's `alg` by the caller); returns nothing, the caller has the payload.
    static func verifySignature(_ token: String, key: PublicKey, algorithm: JOSEAlgorithm, kid: String) async throws(CredentialJWTError) {
        let keys = JWTKeyCollection(defaultJWTParser: parser, defaultJWTSerializer: serializer)
        let identifier = JWKIdentifier(string: kid)
        do {
            switch (key.storage, algorithm) {
            case (.ed25519(let backing), .edDSA):
                await keys.add(eddsa: EdDSA.PublicKey(backing: backing), kid: identifier, parser: parser, serializer: serializer)
            case (.p256(let backing), .es256):
                await keys.add(ecdsa: try ES256PublicKey(backing: backing), kid: identifier, parser: parser, serializer: serializer)
            case (.p384(let backing), .es384):
                await keys.add(ecdsa: try ES384PublicKey(backing: backing), kid: identifier, parser: parser, serializer: serializer)
            case (.rsa(let backing), .ps256):
                await keys.add(
                    pss: try Insecure.RSA.PublicKey(backing: backing), digestAlgorithm: .sha256, kid: identifier, parser: parser,
                    serializer: serializer)
            case (.rsa(let backing), .rs256):
                await keys.add(
                    rsa: try Insecure.RSA.PublicKey(backing: backing), digestAlgorithm: .sha256, kid: identifier, parser: parser,
                    serializer: serializer)
            default:
                throw CredentialJWTError.algorithmMismatch(
                    alg: algorithm.rawValue, keyType: key.type,
                    reason: "expected \(key.type.verificationAlgorithms.map(\.rawValue).joined(separator: " or "))")
            }
            _ = try await keys.verify(Array(token.trimmingCharacters(in: .whitespacesAndNewlines).utf8), as: JSONPayload.self)
        } catch let error as CredentialJWTError {
            throw error
        } catch {
            throw .invalidSignature(kid: kid)
        }
    }

    /// The header's `alg`, checked: present, not `none`, one certbridge knows, and one the key
    /// type verifies with.
    static func algorithm(of parsed: Parsed, for keyType: KeyType?) throws(CredentialJWTError) -> JOSEAlgorithm {
        guard let alg = try parsed.headerString("alg") else { throw .missing("alg") }
        guard alg.lowercased() != "none" else {
            throw .algorithmMismatch(alg: alg, keyType: nil, reason: "unsecured JWTs are never accepted")
        }
        guard let algorithm = JOSEAlgorithm(rawValue: alg) else {
            throw .algorithmMismatch(
                alg: alg, keyType: nil, reason: "supported: \(JOSEAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let keyType, !keyType.verificationAlgorithms.contains(algorithm) {
            throw .algorithmMismatch(
                alg: alg, keyType: keyType, reason: "expected \(keyType.verificationAlgorithms.map(\.rawValue).joined(separator: " or "))")
        }
        return algorithm
    }

    /// Refuses a `crit` header: certbridge's JWTs use no JWS extensions (RFC 7515 §4.1.11).
    static func checkNoCriticalExtensions(_ parsed: Parsed) throws(CredentialJWTError) {
        if parsed.header.fields["crit"] != nil {
            throw .invalid("crit", reason: "the JWT needs JWS extensions certbridge does not process")
        }
    }
}
