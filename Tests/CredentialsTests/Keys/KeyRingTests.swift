import Foundation
import Testing

@testable import Credentials

@Suite("key ring: active key, compromise")
struct KeyRingTests {
    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-ring-\(UUID().uuidString)").path
    }

    @Test("a ring without an active key throws an error naming the manifest and the fix instead of crashing")
    func noActiveKey() throws {
        let empty = KeyRing(directory: "/keys/ring", members: [])
        #expect {
            _ = try empty.active
        } throws: { error in
            let text = "\(error)"
            return text.contains("/keys/ring/keyring.json") && text.contains("no active key") && text.contains("keys rotate")
        }
        let retiredOnly = KeyRing(
            directory: "/keys/ring", members: [KeyRing.Member(key: SigningKey.generate(.ed25519), state: .retired, file: "a.jwk")])
        #expect(throws: KeyError.self) { _ = try retiredOnly.active }
    }

    @Test("a compromised key is refused while active, then leaves did.json after a rotation; a second retire changes nothing")
    func compromise() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var ring = try KeyRing.create(directory: directory, with: SigningKey.generate(.ed25519))
        let leaked = try #require(try ring.active.keyID)
        #expect {
            try ring.retire(leaked, compromised: true)
        } throws: { error in
            "\(error)".contains("certbridge keys rotate")
        }
        try ring.rotate(to: SigningKey.generate(.ed25519))
        #expect(try ring.retire("did:web:issuer.example#\(leaked)", compromised: true))
        #expect(try !ring.retire(leaked, compromised: true))
        let reloaded = try KeyRing.load(directory: directory)
        #expect(reloaded.members.map(\.state) == [.compromised, .active])
        #expect(reloaded.retired.isEmpty)
        let web = try DIDWeb(parsing: "did:web:issuer.example")
        let document = web.document(active: try reloaded.active, retired: reloaded.retired)
        let methods = document["verificationMethod"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(methods == ["did:web:issuer.example#" + (try reloaded.active.keyID ?? "")])
        #expect(!"\(document)".contains(leaked))
    }
}
