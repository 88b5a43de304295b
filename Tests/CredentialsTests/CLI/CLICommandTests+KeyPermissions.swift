import Foundation
import Testing
import TestSupport

extension CLICommandTests {
    @Test("sign refuses a key file others can write and warns about one others can read")
    func keyFileModes() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = SharedVectors.repositoryFile("Examples/credential-v2.json").path
        #expect(try await run(["keys", "generate", "--out", "key.jwk"], in: folder).status == 0)
        let keyPath = folder.appendingPathComponent("key.jwk").path
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: keyPath))) as? [String: Any])
        let secret = try #require(object["d"] as? String)

        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: keyPath)
        let refused = try await run(["sign", example, "--key", "key.jwk"], in: folder)
        #expect(refused.status != 0)
        #expect(refused.error.contains("mode 666") && refused.error.contains("chmod 600 key.jwk"), "\(refused.error)")
        #expect(refused.output.isEmpty)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyPath)
        let warned = try await run(["sign", example, "--key", "key.jwk"], in: folder)
        #expect(warned.status == 0, "\(warned.error)")
        #expect(warned.error.contains("warning: key file key.jwk has mode 644") && warned.error.contains("chmod 600 key.jwk"))
        #expect(!(warned.output + warned.error).contains(secret))

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
        let quiet = try await run(["sign", example, "--key", "key.jwk"], in: folder)
        #expect(quiet.status == 0 && !quiet.error.contains("warning"))
    }
}

extension CLICommandTests {
    @Test("keys show checks a private key file's mode as signing does; a public JWK file may be world-readable")
    func keysShowKeyFileModes() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try await run(["keys", "generate", "--out", "key.jwk"], in: folder).status == 0)
        let keyPath = folder.appendingPathComponent("key.jwk").path

        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: keyPath)
        let refused = try await run(["keys", "show", "key.jwk"], in: folder)
        #expect(refused.status != 0)
        #expect(refused.error.contains("mode 666") && refused.error.contains("chmod 600 key.jwk"), "\(refused.error)")
        #expect(refused.output.isEmpty)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyPath)
        let warned = try await run(["keys", "show", "key.jwk"], in: folder)
        #expect(warned.status == 0, "\(warned.error)")
        #expect(warned.error.contains("warning: key file key.jwk has mode 644"), "\(warned.error)")
        #expect(warned.output.contains("publicKeyJwk"))

        // The public half, as a verifier gets it, is not a secret.
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: keyPath))) as? [String: Any])
        var publicJWK = object
        publicJWK.removeValue(forKey: "d")
        let publicPath = folder.appendingPathComponent("public.jwk")
        try JSONSerialization.data(withJSONObject: publicJWK).write(to: publicPath)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: publicPath.path)
        let shown = try await run(["keys", "show", "public.jwk"], in: folder)
        #expect(shown.status == 0 && !shown.error.contains("warning"), "\(shown.error)")
    }
}
