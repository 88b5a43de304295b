import Composition
import Credentials
import Foundation
import JSONCanonical
import Lifecycle
import Outbox
import Testing

/// `certbridge keys rotate` as the gateway sees it: a key ring on disk, the did.json built from
/// it, credentials and status lists signed before and after.
@Suite("key ring rotation")
struct KeyRotationTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A ring in a fresh directory whose only key is `key`.
    static func ring(with key: SigningKey) throws -> KeyRing {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-ring-\(UUID().uuidString)").path
        return try KeyRing.create(directory: directory, with: key)
    }

    /// The W3C form of a TSG VC (proof as one object), as the verifier reads it.
    static func w3c(_ vc: JSONValue) -> JSONValue {
        var object = vc.objectValue ?? [:]
        if let proofs = object["proof"]?.arrayValue, proofs.count == 1 { object["proof"] = proofs[0] }
        return .object(object)
    }

    static func verifies(_ vc: JSONValue, against document: JSONValue, _ fixture: LifecycleFixture) -> Bool {
        do {
            _ = try DataIntegrityVerifier(resolver: try DIDResolver(documents: [document]), registry: fixture.setup.registries.w3c)
                .verify(w3c(vc))
            return true
        } catch {
            return false
        }
    }

    @Test("after a rotation the new key signs, and a VC signed before still verifies against the new did.json")
    func rotation() async throws {
        var ring = try Self.ring(with: SigningKey.generate(.ed25519))
        defer { try? FileManager.default.removeItem(atPath: ring.directory) }
        let before = try LifecycleFixture(key: (try ring.active))
        defer { before.remove() }
        let store = TemporaryStore()
        defer { store.remove() }
        let oldVC = try LifecycleConverterTests.issued(
            await LifecycleConverterTests.converter(before, try store.open()).convert(try LifecycleFixture.certifierCredential(), previous: nil)).vc

        let oldKID = try #require((try ring.active).keyID)
        try ring.rotate(to: SigningKey.generate(.ed25519))
        let reloaded = try KeyRing.load(directory: ring.directory)
        #expect((try reloaded.active).keyID != oldKID)
        #expect(reloaded.retired.map(\.keyID) == [oldKID])
        #expect(reloaded.members.map(\.state) == [.retired, .active])

        let web = try DIDWeb(parsing: LifecycleFixture.issuer)
        let document = web.document(active: (try reloaded.active), retired: reloaded.retired)
        let methods = document["verificationMethod"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        let assertions = document["assertionMethod"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let oldMethod = LifecycleFixture.issuer + "#" + oldKID
        #expect(methods.contains(oldMethod) && assertions.contains(oldMethod))
        #expect(Self.verifies(oldVC, against: document, before))
        // Without the retired key in did.json, the old VC would not verify: the check can fail.
        #expect(!Self.verifies(oldVC, against: web.document(for: (try reloaded.active).publicKey, fragment: (try reloaded.active).verificationMethodFragment), before))

        let after = try LifecycleFixture(key: (try reloaded.active))
        defer { after.remove() }
        let newVC = try LifecycleConverterTests.issued(
            await LifecycleConverterTests.converter(after, try store.open()).convert(try LifecycleFixture.certifierCredential(), previous: nil)).vc
        let newMethod = Self.w3c(newVC)["proof"]?["verificationMethod"]?.stringValue
        #expect(newMethod == LifecycleFixture.issuer + "#" + ((try reloaded.active).keyID ?? ""))
        #expect(Self.verifies(newVC, against: document, after))
    }

    @Test("the publisher re-signs every list another key signed, with the active key, once")
    func statusListsResigned() async throws {
        var ring = try Self.ring(with: SigningKey.generate(.ed25519))
        defer { try? FileManager.default.removeItem(atPath: ring.directory) }
        let temporary = TemporaryStore()
        defer { temporary.remove() }
        let store = try temporary.open()
        let before = try LifecycleFixture(key: (try ring.active))
        defer { before.remove() }
        let family = StatusListFamily(
            name: "courses", purpose: "revocation", issuer: LifecycleFixture.issuer, suite: "eddsa-jcs-2022", proofForm: "w3c",
            version: "2.0")
        let slots = try await store.reserveStatusIndexes(family, count: 1, listEntries: 131_072, now: Self.now)
        let rule = StatusPublicationRule(validity: .seconds(86_400), renewBefore: .seconds(3_600))
        let first = StatusPublisher(store: store, signer: before.listSigner(), rule: rule, interval: .seconds(60), clock: { Self.now })
        #expect(try await first.publishDue().signed == [slots[0].list])
        #expect(try await first.listsSignedByAnotherKey().isEmpty)
        #expect(try await first.publishDue().signed.isEmpty, "nothing changed: nothing signed again")

        try ring.rotate(to: SigningKey.generate(.ed25519))
        let after = try LifecycleFixture(key: (try ring.active))
        defer { after.remove() }
        let later = Self.now.addingTimeInterval(60)
        let second = StatusPublisher(store: store, signer: after.listSigner(), rule: rule, interval: .seconds(60), clock: { later })
        #expect(try await second.listsSignedByAnotherKey() == [slots[0].list])
        #expect(try await second.publishDue().signed == [slots[0].list])
        #expect(try await second.listsSignedByAnotherKey().isEmpty)
        #expect(try await second.publishDue().signed.isEmpty)

        let published = try #require(try await store.publishedStatusList(slug: slots[0].list))
        let credential = try JSONValue(parsing: published.credential)
        #expect(credential["proof"]?["verificationMethod"]?.stringValue == LifecycleFixture.issuer + "#" + ((try ring.active).keyID ?? ""))
        let document = try DIDWeb(parsing: LifecycleFixture.issuer).document(active: (try ring.active), retired: ring.retired)
        #expect(Self.verifies(credential, against: document, after))
    }

    @Test("retire refuses the active key, is idempotent, and a compromised key leaves did.json")
    func retire() throws {
        var ring = try Self.ring(with: SigningKey.generate(.ed25519))
        defer { try? FileManager.default.removeItem(atPath: ring.directory) }
        let first = try #require((try ring.active).keyID)
        let error = #expect(throws: KeyError.self) { try ring.retire(first, compromised: false) }
        #expect(try #require(error).description.contains("keys rotate"))
        try ring.rotate(to: SigningKey.generate(.ed25519))
        #expect(try ring.retire(LifecycleFixture.issuer + "#" + first, compromised: false) == false, "rotation retired it already")
        #expect(try ring.retire(first, compromised: true))
        #expect(try ring.retire(first, compromised: true) == false)
        let reloaded = try KeyRing.load(directory: ring.directory)
        #expect(reloaded.retired.isEmpty && reloaded.members.first?.state == .compromised)
        let document = try DIDWeb(parsing: LifecycleFixture.issuer).document(active: (try reloaded.active), retired: reloaded.retired)
        let methods = document["verificationMethod"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(!methods.contains(LifecycleFixture.issuer + "#" + first))
        #expect(methods == [LifecycleFixture.issuer + "#" + ((try reloaded.active).keyID ?? "")])
    }

    @Test("every key file of a ring gets the permission check")
    func ringPermissions() throws {
        var ring = try Self.ring(with: SigningKey.generate(.ed25519))
        defer { try? FileManager.default.removeItem(atPath: ring.directory) }
        try ring.rotate(to: SigningKey.generate(.ed25519))
        let retiredFile = ring.directory + "/" + (ring.members.first?.file ?? "")
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: retiredFile)
        let error = #expect(throws: KeyError.self) { try KeyRing.load(directory: ring.directory) }
        #expect(try #require(error).description.contains("chmod 600 \(retiredFile)"))
    }
}
