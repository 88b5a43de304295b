import Credentials
import Foundation
import Testing

/// Real key files with real modes: what `SigningKey.load` refuses, warns about and accepts.
@Suite("key file permissions")
struct KeyFilePermissionsTests {
    /// A freshly saved key (mode 0600) in a folder of its own, then set to `mode`.
    func keyFile(mode: Int) throws -> (path: String, folder: URL, secret: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-keymode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("issuer.jwk").path
        let key = SigningKey.generate(.ed25519)
        try key.save(to: path)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return (path, folder, try #require(key.exportPrivateJWK().d))
    }

    @Test("owner-only and group-readable key files load without a warning", arguments: [0o600, 0o400, 0o640])
    func accepted(mode: Int) throws {
        let file = try keyFile(mode: mode)
        defer { try? FileManager.default.removeItem(at: file.folder) }
        var warnings: [String] = []
        _ = try SigningKey.load(from: file.path, strictKeyMode: true, warn: { warnings.append($0) })
        #expect(warnings.isEmpty)
    }

    @Test("a key file group or others can write is refused, naming the file, its mode and chmod 600",
          arguments: [0o620, 0o602, 0o666, 0o622])
    func writableRefused(mode: Int) throws {
        let file = try keyFile(mode: mode)
        defer { try? FileManager.default.removeItem(at: file.folder) }
        var warnings: [String] = []
        let error = #expect(throws: KeyError.self) {
            try SigningKey.load(from: file.path, strictKeyMode: false, warn: { warnings.append($0) })
        }
        let text = try #require(error).description
        #expect(text.contains(file.path))
        #expect(text.contains("mode \(String(mode, radix: 8))"))
        #expect(text.contains("chmod 600 \(file.path)"))
        #expect(!text.contains(file.secret))
    }

    @Test("a key file others can read loads with a warning naming the fix", arguments: [0o644, 0o604])
    func readableWarned(mode: Int) throws {
        let file = try keyFile(mode: mode)
        defer { try? FileManager.default.removeItem(at: file.folder) }
        var warnings: [String] = []
        _ = try SigningKey.load(from: file.path, warn: { warnings.append($0) })
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.contains(file.path) && warning.contains("mode \(String(mode, radix: 8))"))
        #expect(warning.contains("chmod 600 \(file.path)"))
        #expect(!warning.contains(file.secret))
    }

    @Test("strict key mode refuses a key file others can read")
    func strictRefusesReadable() throws {
        let file = try keyFile(mode: 0o644)
        defer { try? FileManager.default.removeItem(at: file.folder) }
        let error = #expect(throws: KeyError.self) {
            try SigningKey.load(from: file.path, strictKeyMode: true, warn: { _ in })
        }
        let text = try #require(error).description
        #expect(text.contains("strict_key_mode") && text.contains("chmod 600 \(file.path)"))
    }
}
