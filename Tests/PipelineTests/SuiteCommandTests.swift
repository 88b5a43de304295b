import Credentials
import Foundation
import JSONCanonical
import Testing
import TestSupport

/// `convert --suite`, `verify --contexts`/`--context` and `profiles lint` with the built binary.
@Suite("convert and verify with each cryptosuite")
struct SuiteCommandTests {
    let cli = ConvertCommandTests()

    func temporaryFile(_ suffix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-\(UUID().uuidString)\(suffix)").path
    }

    @Test(
        "convert --suite makes NDJSON that certbridge verify accepts; a tampered line fails",
        arguments: [
            ("eddsa-jcs-2022", KeyType.ed25519), ("ecdsa-jcs-2019", .p384), ("eddsa-rdfc-2022", .ed25519),
            ("ecdsa-rdfc-2019", .p256), ("JsonWebSignature2020", .p384),
        ])
    func convertThenVerify(_ suite: String, _ keyType: KeyType) async throws {
        let (keyPath, _) = try cli.temporaryKey(keyType)
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        let output = temporaryFile(".ndjson")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let convert = try await cli.run(["convert", "Examples/certifier-credentials.ndjson", "--key", keyPath, "--suite", suite, "--out", output])
        #expect(convert.status == 0, "\(convert.stderr)")
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        for line in lines {
            let proof = try JSONValue(parsing: line)["proof"]
            let first = proof?.arrayValue?.first ?? proof
            #expect((first?["cryptosuite"] ?? first?["type"])?.stringValue == suite)
        }
        let verify = try await cli.run(["verify", output, "--contexts", "mappings"])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.contains("4 verified, 0 failed"))

        var tampered = try JSONValue(parsing: lines[0])
        tampered["expirationDate"] = "2099-01-01T00:00:00Z"
        let tamperedFile = temporaryFile(".ndjson")
        defer { try? FileManager.default.removeItem(atPath: tamperedFile) }
        try ([tampered.compactString] + lines.dropFirst()).joined(separator: "\n").write(toFile: tamperedFile, atomically: true, encoding: .utf8)
        let rejected = try await cli.run(["verify", tamperedFile, "--contexts", "mappings"])
        #expect(rejected.status == 1)
        #expect(rejected.stdout.contains("3 verified, 1 failed"))
        #expect(rejected.stdout.contains("FAILED   \(tamperedFile):1"))
    }

    @Test("verify takes the profiles' context as --context URL=FILE too, and --contexts names a missing index")
    func contextFile() async throws {
        let (keyPath, _) = try cli.temporaryKey()
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        let output = temporaryFile(".json")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let convert = try await cli.run(["convert", "Examples/certifier-credential.json", "--key", keyPath, "--out", output])
        #expect(convert.status == 0, "\(convert.stderr)")
        let verify = try await cli.run([
            "verify", output,
            "--context", "https://certbridge.example.org/contexts/certbridge-v1.jsonld=mappings/contexts/certbridge-v1.jsonld",
        ])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("JsonWebSignature2020"))
        let missing = try await cli.run(["verify", output, "--contexts", "Examples"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("--contexts Examples: no index.yaml"))
    }

    @Test("profiles lint reports an unknown proof.cryptosuite at its file:line:column")
    func lintUnknownSuite() async throws {
        let copy = try cli.temporaryMappingsCopy()
        defer { try? FileManager.default.removeItem(at: copy) }
        let file = copy.appendingPathComponent("open-badge-achievement.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "cryptosuite: eddsa-rdfc-2022", with: "cryptosuite: eddsa-rdfc-2020")
            .write(to: file, atomically: true, encoding: .utf8)
        let line = try #require(line(of: "eddsa-rdfc-2020", in: try String(contentsOf: file, encoding: .utf8)))
        let lint = try await cli.run(["profiles", "lint", copy.path])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("open-badge-achievement.yaml:\(line):16: error: bad value: unknown cryptosuite 'eddsa-rdfc-2020'"), "\(lint.stdout)")
        let convert = try await cli.run(["convert", "Examples/certifier-credential.json", "--profiles", copy.path, "--no-sign", "--issuer", "did:web:x"])
        #expect(convert.status == 2)
        #expect(convert.stderr.contains("unknown cryptosuite 'eddsa-rdfc-2020'"))
    }
}
