import Foundation
import Testing
import TestSupport

/// Runs the built `certbridge` executable: generate -> sign -> verify -> tamper -> verify fails.
@Suite("certbridge keys/sign/verify commands", .serialized)
struct CLICommandTests {
    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs the built `certbridge` (``BuiltExecutable``) in `folder`, feeding `stdin`.
    func run(_ arguments: [String], in folder: URL, stdin: Data? = nil) async throws -> Run {
        let run = try await BuiltExecutable.run("certbridge", arguments: arguments, in: folder, stdin: stdin)
        return Run(status: run.status, output: run.stdout, error: run.stderr)
    }

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("generate, sign, verify, tamper, verify again", arguments: [("ed25519", "eddsa-jcs-2022"), ("p384", "ecdsa-jcs-2019")])
    func roundTrip(type: String, suite: String) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = SharedVectors.repositoryFile("Examples/credential-v2.json").path

        let generated = try await run(["keys", "generate", "--type", type, "--out", "key.jwk"], in: folder)
        #expect(generated.status == 0, "\(generated.error)")
        let secret = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("key.jwk"))) as? [String: Any])["d"] as? String
        let again = try await run(["keys", "generate", "--type", type, "--out", "key.jwk"], in: folder)
        #expect(again.status != 0)
        #expect(again.error.contains("--force"))

        let shown = try await run(["keys", "show", "key.jwk", "--did-web", "certbridge.example.org", "--document"], in: folder)
        #expect(shown.status == 0)
        #expect(shown.output.contains("\"did:web:certbridge.example.org#key-1\""))
        let everything = try await run(["keys", "show", "key.jwk", "--did-web", "certbridge.example.org"], in: folder)
        for text in [generated.output, generated.error, shown.output, everything.output, everything.error] {
            #expect(!text.contains(try #require(secret)))
        }
        try Data(shown.output.utf8).write(to: folder.appendingPathComponent("did.json"))

        let signed = try await run(
            ["sign", example, "--key", "key.jwk", "--verification-method", "did:web:certbridge.example.org#key-1"], in: folder)
        #expect(signed.status == 0, "\(signed.error)")
        #expect(signed.output.contains("\"cryptosuite\": \"\(suite)\""))
        try Data(signed.output.utf8).write(to: folder.appendingPathComponent("signed.json"))

        let verified = try await run(["verify", "signed.json", "--did-doc", "did.json"], in: folder)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.hasSuffix("1 verified, 0 failed\n"))

        let unresolved = try await run(["verify", "signed.json"], in: folder)
        #expect(unresolved.status == 1)
        #expect(unresolved.output.contains("--did-doc"))

        let tampered = signed.output.replacingOccurrences(of: "Zoë Ångström-Müller", with: "Zoe Angstrom-Muller")
        #expect(tampered != signed.output)
        try Data(tampered.utf8).write(to: folder.appendingPathComponent("tampered.json"))
        let rejected = try await run(["verify", "signed.json", "tampered.json", "--did-doc", "did.json"], in: folder)
        #expect(rejected.status == 1)
        #expect(rejected.output.contains("FAILED   tampered.json"))
        #expect(rejected.output.contains("changed after signing"))
        #expect(rejected.output.hasSuffix("1 verified, 1 failed\n"))
    }

    @Test("NDJSON on standard input: signs each line and verifies each line")
    func ndjson() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try await run(["keys", "generate", "--out", "k.jwk"], in: folder).status == 0)
        let lines = (1...3).map { #"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"did:example:i","credentialSubject":{"n":\#($0)}}"# }
        let signed = try await run(["sign", "-", "--key", "k.jwk", "--created", "2025-01-01T00:00:00Z"], in: folder, stdin: Data(lines.joined(separator: "\n").utf8))
        #expect(signed.status == 0, "\(signed.error)")
        var signedLines = signed.output.split(separator: "\n").map(String.init)
        #expect(signedLines.count == 3)
        #expect(signedLines.allSatisfy { $0.contains(#""created":"2025-01-01T00:00:00Z""#) })
        signedLines[1] = signedLines[1].replacingOccurrences(of: #""n":2"#, with: #""n":20"#)
        let verified = try await run(["verify", "-"], in: folder, stdin: Data(signedLines.joined(separator: "\n").utf8))
        #expect(verified.status == 1)
        #expect(verified.output.contains("FAILED   stdin:2"))
        #expect(verified.output.hasSuffix("2 verified, 1 failed\n"))
    }

    @Test("help is available at every level", arguments: [["--help"], ["keys", "--help"], ["keys", "generate", "--help"], ["keys", "show", "--help"], ["sign", "--help"], ["verify", "--help"]])
    func help(arguments: [String]) async throws {
        let result = try await run(arguments, in: FileManager.default.temporaryDirectory)
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: certbridge"))
    }
}
