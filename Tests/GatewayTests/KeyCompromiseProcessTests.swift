import Composition
import Foundation
import JSONCanonical
import Outbox
import ServeStandIns
import Testing
import TestSupport

/// `certbridge keys rotate`, `keys retire` and `keys retire --compromised` with the built binary
/// against a real `certbridge serve`: after a compromise the served did.json lacks the key, every
/// VC it signed reaches the wallet again as a new revision signed by the new key, and the old
/// revisions are revoked in the served status list, which the new key signs.
@Suite("key rotation and compromise through the certbridge binary", .serialized)
struct KeyCompromiseProcessTests {
    static let issuer = "did:web:certbridge.example.org"

    /// Runs the built `certbridge` in `directory` without holding a thread of the pool.
    static func certbridge(_ arguments: [String], in directory: URL) async throws -> CommandRun {
        let binary = try BuiltExecutable.url("certbridge")
        return try await BuiltExecutable.start(executable: binary, arguments: arguments, in: directory).finished(timeout: .seconds(120))
    }

    /// The verification methods of a VC's proofs (TSG's list form or one object).
    static func methods(_ vc: JSONValue?) -> [String] {
        guard let proof = vc?["proof"] else { return [] }
        return (proof.arrayValue ?? [proof]).compactMap { $0["verificationMethod"]?.stringValue }
    }

    @Test("rotate makes a ring of the key file and retires it; retire refuses the active key with what to do; --compromised drops the key, re-issues what it signed once, revokes the old revisions and re-signs the lists")
    func compromise() async throws {
        let binary = try BuiltExecutable.url("certbridge")
        let profiles = try LifecycleProcessTests.profiles()
        defer { try? FileManager.default.removeItem(at: profiles) }
        let harness = try await ServeHarness(profiles: profiles.path, extra: LifecycleProcessTests.extra)
        defer { Task { await harness.stop() } }
        let work = harness.directory
        let config = ["--config", harness.configPath]
        let ids = ["01keys1", "01keys2"]
        for id in ids { harness.certifier.put(tsgCredential(id)) }

        // Revision 0 of both, signed by the single key file (no kid: <issuer>#key-1).
        let first = try await ServeProcess.start(binary: binary, config: harness.configPath)
        for (index, id) in ids.enumerated() {
            #expect(try await first.webhook.post(eventId: "ev-\(index)", credentialId: id) == 202)
        }
        let store = try SQLiteOutboxStore(path: try GatewayConfiguration.storePath(configurationFile: harness.configPath))
        try await LifecycleProcessTests.waitFor("both VCs are delivered and the lists published") {
            let delivered = try await store.counts()[.delivered] == 2 && harness.wallet.importCounts.count == 2
            // Both lists: under AddressSanitizer the suspension list was once not yet published
            // when only the revocation list was checked, and `--compromised` then re-signed one.
            var listed = true
            for list in [LifecycleProcessTests.revocationList, LifecycleProcessTests.suspensionList] where listed {
                listed = try await LifecycleProcessTests.served(first.port, list).status == 200
            }
            return delivered && listed
        }
        let leakedMethod = Self.issuer + "#key-1"
        var originals: [String: JSONValue] = [:]
        for id in ids {
            let issued = try #require(try await store.issued(matching: id).first)
            // Bound first: assigned straight into the dictionary, #require checked an optional of the optional.
            let original = try #require(harness.wallet.stored[issued.vcId])
            originals[id] = original
            #expect(Self.methods(originals[id]) == [leakedMethod])
        }
        first.command.signal(SIGTERM)
        #expect(try await first.waitForExit(timeout: .seconds(10)) == 0)

        // Rotate: a ring made of the current key file; the old key is retired, a new one active.
        let rotate = try await Self.certbridge(["keys", "rotate", "--key-ring", "ring", "--import", "issuer.jwk"] + config, in: work)
        #expect(rotate.status == 0, "\(rotate.output)")
        #expect(rotate.stdout.contains("retired key   key-1"), "\(rotate.stdout)")
        let text = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "key: issuer.jwk", with: "key: ring").utf8).write(to: URL(fileURLWithPath: harness.configPath))
        let manifest = try JSONValue(parsing: Array(try Data(contentsOf: work.appendingPathComponent("ring/keyring.json"))))
        let newKID = try #require(manifest["keys"]?.arrayValue?.first { $0["state"]?.stringValue == "active" }?["kid"]?.stringValue)
        let newMethod = Self.issuer + "#" + newKID
        let secret = try #require(
            try JSONValue(parsing: Array(try Data(contentsOf: work.appendingPathComponent("ring/\(newKID).jwk"))))["d"]?.stringValue)
        #expect(!rotate.output.contains(secret), "keys rotate never prints a private key")

        // Retire: the active key is refused with what to do; the rotated-out key is retired already.
        let refused = try await Self.certbridge(["keys", "retire", newKID, "--compromised"] + config, in: work)
        #expect(refused.status != 0)
        #expect(refused.output.contains("certbridge keys rotate --config \(harness.configPath)` first"), "\(refused.output)")
        #expect(!refused.output.contains("Optional("), "\(refused.output)")
        let retired = try await Self.certbridge(["keys", "retire", "key-1"] + config, in: work)
        #expect(retired.status == 0, "\(retired.output)")
        #expect(retired.stdout.contains("key key-1 was already retired; nothing changed"), "\(retired.stdout)")

        // The old key leaked: out of did.json, both VCs queued, both lists re-signed by the new key.
        let compromised = try await Self.certbridge(
            ["keys", "retire", leakedMethod, "--compromised", "--reason", "laptop stolen"] + config, in: work)
        #expect(compromised.status == 0, "\(compromised.output)")
        #expect(compromised.stdout.contains("key key-1 marked compromised"), "\(compromised.stdout)")
        #expect(compromised.stdout.contains("credentials   2 signed by \(leakedMethod) queued for re-issue (2 delivered"), "\(compromised.stdout)")
        #expect(compromised.stdout.contains("status lists  2 re-signed by the active key"), "\(compromised.stdout)")
        // Run again before serve re-issued anything (a repeated or resumed run): nothing more is queued.
        let again = try await Self.certbridge(["keys", "retire", "key-1", "--compromised"] + config, in: work)
        #expect(again.status == 0, "\(again.output)")
        #expect(again.stdout.contains("was marked compromised already"), "\(again.stdout)")
        #expect(again.stdout.contains("(0 delivered, 2 already pending)"), "\(again.stdout)")
        #expect(again.stdout.contains("status lists  0 re-signed"), "\(again.stdout)")
        #expect(try await store.counts()[.received] == 2)
        let audit = try #require(try await store.auditTrail(subject: "key:\(leakedMethod)", limit: 5).last)
        #expect(audit.reason == "laptop stolen" && audit.after == "2 queued")

        // serve restarted on the ring: the new key signs revision 1 of both; revision 0 is revoked.
        let second = try await ServeProcess.start(binary: binary, config: harness.configPath)
        try await LifecycleProcessTests.waitFor("revision 1 of both is delivered") {
            var done = harness.wallet.importCounts.count == 4
            for id in ids {
                let revisions = try await store.issued(matching: id).map(\.revision)
                done = done && revisions == [1, 0]
            }
            return done
        }
        var revokedIndexes: Set<Int> = []
        for id in ids {
            let history = try await store.issued(matching: id)
            #expect(history.map(\.state) == [.active, .revoked], "\(id)")
            #expect(history.last?.reason?.contains("compromised") == true, "\(history.last?.reason ?? "")")
            let replacement = try #require(harness.wallet.stored[history[0].vcId])
            #expect(Self.methods(replacement) == [newMethod])
            #expect(replacement["credentialSubject"] == originals[id]?["credentialSubject"], "same claims, new signature")
            revokedIndexes.insert(try LifecycleProcessTests.indexes(try #require(originals[id])).revocation)
        }
        let revokedNow = revokedIndexes
        try await LifecycleProcessTests.waitFor("the old revisions' bits are set in the served list") {
            try await LifecycleProcessTests.setBits(second.port, LifecycleProcessTests.revocationList) == revokedNow
        }
        let list = try JSONValue(parsing: try await LifecycleProcessTests.served(second.port, LifecycleProcessTests.revocationList).body)
        #expect(Self.methods(list) == [newMethod])
        let didDocument = try JSONValue(parsing: try await harness.startedDID(second.port))
        let published = didDocument["verificationMethod"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(published == [newMethod], "\(published)")
        let assertions = didDocument["assertionMethod"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(assertions == [newMethod], "\(assertions)")

        // Nothing is left signed by the leaked key: a third run queues nothing.
        let finished = try await Self.certbridge(["keys", "retire", "key-1", "--compromised"] + config, in: work)
        #expect(finished.status == 0, "\(finished.output)")
        #expect(finished.stdout.contains("credentials   0 signed by"), "\(finished.stdout)")
        #expect(harness.wallet.importCounts.count == 4)
        second.command.signal(SIGTERM)
        #expect(try await second.waitForExit(timeout: .seconds(10)) == 0)
        #expect(!second.log.contains(secret))
    }
}
