import Foundation
import Testing
import TestSupport

extension ConvertCommandTests {
    @Test("a key with a kid: keys show --did-web publishes the method convert signs with")
    func keyIDAgreesAcrossCommands() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-kid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("key.jwk").path
        let didJSON = folder.appendingPathComponent("did.json")
        let output = folder.appendingPathComponent("vcs.ndjson").path

        #expect(try await run(["keys", "generate", "--type", "ed25519", "--kid", "signing-2026", "--out", key]).status == 0)
        let show = try await run(["keys", "show", key, "--did-web", "certbridge.example.org", "--document"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("did:web:certbridge.example.org#signing-2026"))
        try Data(show.stdout.utf8).write(to: didJSON)

        let convert = try await run([
            "convert", "Examples/certifier-credentials.ndjson", "--profiles", "mappings", "--key", key,
            "--issuer", "did:web:certbridge.example.org", "--out", output,
        ])
        #expect(convert.status == 0, "\(convert.stderr)")
        let verify = try await run(["verify", output, "--did-doc", didJSON.path, "--contexts", "mappings"])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(verify.stdout.contains("4 verified, 0 failed"))
    }
}
