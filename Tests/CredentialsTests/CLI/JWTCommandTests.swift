import Credentials
import Foundation
import JSONCanonical
import Testing
import TestSupport

/// The built `certbridge` with RSA keys and VC-JWTs: keys generate --type rsa, sign/convert
/// --format jwt, and verify accepting the JWTs (raw lines and JSON strings).
@Suite("certbridge RSA keys and --format jwt", .serialized)
struct JWTCommandTests {
    func run(_ arguments: [String], in folder: URL, stdin: Data? = nil) async throws -> CommandRun {
        try await BuiltExecutable.run("certbridge", arguments: arguments, in: folder, stdin: stdin)
    }

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-jwt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("keys generate --type rsa, keys show --did-web (PS256 JWK), sign --format jwt, verify; tamper fails")
    func rsaSignVerify() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let generated = try await run(["keys", "generate", "--type", "rsa", "--bits", "3072", "--out", "key.jwk"], in: folder)
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stdout.contains("RSA 3072-bit") && generated.stdout.contains("--did-web"))
        let jwk = try JSONValue(parsing: Array(Data(contentsOf: folder.appendingPathComponent("key.jwk"))))
        #expect(jwk["kty"] == "RSA" && jwk["alg"] == "PS256")
        let secrets = ["d", "p", "q", "dp", "dq", "qi"].compactMap { jwk[$0]?.stringValue }
        #expect(secrets.count == 6)
        #expect(try await run(["keys", "generate", "--type", "rsa", "--bits", "1024", "--out", "small.jwk"], in: folder).status != 0)

        let document = try await run(["keys", "show", "key.jwk", "--did-web", "certbridge.example.org", "--document"], in: folder)
        #expect(document.status == 0, "\(document.stderr)")
        let didDocument = try JSONValue(parsing: document.stdout)
        #expect(didDocument["verificationMethod"]?[0]?["publicKeyJwk"]?["alg"] == "PS256")
        try Data(document.stdout.utf8).write(to: folder.appendingPathComponent("did.json"))
        let shown = try await run(["keys", "show", "key.jwk"], in: folder)
        #expect(shown.status == 0 && !shown.stdout.contains("didKey"))

        // The shipped example with the VC examples context, which defines its own terms for JSON-LD signing.
        var credential = try JSONValue(parsing: Array(Data(contentsOf: SharedVectors.repositoryFile("Examples/credential-v2.json"))))
        credential["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"]
        try Data(credential.prettyString.utf8).write(to: folder.appendingPathComponent("credential.json"))
        let example = "credential.json"
        let signed = try await run(["sign", example, "--key", "key.jwk", "--format", "jwt"], in: folder)
        #expect(signed.status == 0, "\(signed.stderr)")
        let token = signed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.split(separator: ".").count == 3 && !token.contains("\n"))
        try Data((token + "\n").utf8).write(to: folder.appendingPathComponent("vc.jwt"))
        // A JSON string holding the JWT, too.
        try Data(JSONValue.string(token).compactString.utf8).write(to: folder.appendingPathComponent("vc.json"))

        let verified = try await run(["verify", "vc.jwt", "vc.json", "--did-doc", "did.json"], in: folder)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("vc+jwt 2.0 PS256 by did:web:certbridge.example.org#key-1"))
        #expect(verified.stdout.contains("2 verified, 0 failed"))

        // The Data Integrity form with the same key: JsonWebSignature2020, PS256.
        let proof = try await run(["sign", example, "--key", "key.jwk", "--verification-method", "did:web:certbridge.example.org#key-1"], in: folder)
        #expect(proof.status == 0, "\(proof.stderr)")
        #expect(proof.stdout.contains("JsonWebSignature2020"))
        // No did:key for RSA: refused with the reason.
        let noMethod = try await run(["sign", example, "--key", "key.jwk"], in: folder)
        #expect(noMethod.status != 0 && noMethod.stderr.contains("did:web"))

        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        var payload = try JSONValue(parsing: try Base64URL.decode(String(parts[1])))
        payload["credentialSubject"]?["name"] = "Mallory"
        let tampered = parts[0] + "." + Base64URL.encode(Array(payload.compactString.utf8)) + "." + parts[2]
        let refused = try await run(["verify", "-", "--did-doc", "did.json"], in: folder, stdin: Data(tampered.utf8))
        #expect(refused.status != 0)
        #expect(refused.stdout.contains("signature does not verify"))
        for text in [generated.stdout, generated.stderr, shown.stdout, signed.stdout, signed.stderr] {
            for secret in secrets { #expect(!text.contains(secret)) }
        }
    }

    @Test("convert --format jwt on the Certifier example writes a VC-JWT that verify accepts")
    func convertJWT() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try await run(["keys", "generate", "--type", "p384", "--out", "key.jwk"], in: folder).status == 0)
        let root = SharedVectors.packageRoot.path
        // The shipped Certifier example, issued today: its profile gives it a year's validity, and a
        // JWT's 'exp' is checked (a fixed 2025 issue date would expire the test).
        var certifier = try JSONValue(parsing: Array(Data(contentsOf: SharedVectors.repositoryFile("Examples/certifier-credential.json"))))
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        certifier["issueDate"] = .string(today)
        certifier["attributes"]?["issue.date"] = .string(today)
        try Data(certifier.prettyString.utf8).write(to: folder.appendingPathComponent("certifier.json"))
        let converted = try await run(
            ["convert", "certifier.json", "--profiles", root + "/mappings", "--key", "key.jwk", "--format", "jwt"], in: folder)
        #expect(converted.status == 0, "\(converted.stderr)")
        let lines = converted.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        try Data(converted.stdout.utf8).write(to: folder.appendingPathComponent("vcs.jwt"))
        let verified = try await run(["verify", "vcs.jwt"], in: folder)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("vc+jwt 2.0 ES384") || verified.stdout.contains("vc-jwt 1.1 ES384"))
        #expect(try await run(["convert", "certifier.json", "--key", "key.jwk", "--format", "jwt", "--no-sign", "--issuer", "did:web:x"], in: folder).status != 0)
    }
}
