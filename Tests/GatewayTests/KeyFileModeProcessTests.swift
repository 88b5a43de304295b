import Foundation
import Testing
import TestSupport

/// The configured key file's mode, as `config check` and `serve` judge it (both build the same
/// parts), through the built binary.
@Suite("configured key file modes", .serialized)
struct KeyFileModeProcessTests {
    @Test("config check warns about a readable key, refuses it under strict_key_mode, and refuses a writable one")
    func configuredKeyModes() async throws {
        let harness = try await ServeHarness()
        let keyPath = harness.directory.appendingPathComponent("issuer.jwk").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyPath)
        let warned = try await runCertbridge(["config", "check", "--config", harness.configPath])
        #expect(warned.status == 0, "\(warned.err)")
        #expect(warned.out.contains("warning: key file \(keyPath) has mode 644"), "\(warned.out)")

        var text = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "  key: issuer.jwk\n", with: "  key: issuer.jwk\n  strict_key_mode: true\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: harness.configPath))
        let strict = try await runCertbridge(["config", "check", "--config", harness.configPath])
        #expect(strict.status == 2)
        #expect(strict.err.contains("strict_key_mode") && strict.err.contains("chmod 600 \(keyPath)"), "\(strict.err)")

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
        let fine = try await runCertbridge(["config", "check", "--config", harness.configPath])
        #expect(fine.status == 0 && !fine.out.contains("warning: key file"), "\(fine.err)")

        try FileManager.default.setAttributes([.posixPermissions: 0o660], ofItemAtPath: keyPath)
        let serve = try await runCertbridge(["serve", "--config", harness.configPath])
        #expect(serve.status != 0)
        #expect(serve.err.contains("mode 660") && serve.err.contains("chmod 600 \(keyPath)"), "\(serve.err)")
        await harness.stop()
    }
}
