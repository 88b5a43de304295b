import Foundation
import JSONCanonical
import Outbox
import Testing

extension LifecycleContract {
    static let leakedMethod = "did:web:issuer.example#key-old"
    static let activeMethod = "did:web:issuer.example#key-new"

    /// A VC with one Data Integrity proof by `method`, or, with `tsgForm`, a list of proofs.
    static func signedVC(_ id: String, by method: String, tsgForm: Bool = false) -> JSONValue {
        let proof: JSONValue = ["type": "DataIntegrityProof", "verificationMethod": .string(method), "proofValue": "z1"]
        return ["id": .string(id), "credentialSubject": ["name": "Zoë"], "proof": tsgForm ? [proof] : proof]
    }

    /// A compact VC-JWT whose header names `kid` (the signature is not checked here).
    static func jwt(kid: String) -> JSONValue {
        func part(_ json: JSONValue) -> String {
            Data(json.canonicalString.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        return .string(part(["alg": "EdDSA", "kid": .string(kid), "typ": "vc+jwt"]) + "." + part(["id": "urn:vc:jwt"]) + ".c2ln")
    }

    static func compromisedKey(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
        let ids = ["k1", "k2", "k3", "k4", "k5", "k6"]
        for id in ids { _ = try await store.record(event: envelope("ev-\(id)", credential: id), now: t0) }
        let slots = try await store.reserveStatusIndexes(family, count: ids.count, listEntries: 131_072, now: t0)
        // k1 (one proof) and k2 (TSG's list of proofs) and k6 (a VC-JWT) were signed by the leaked
        // key; k3 by the active one; k4 by the leaked key but revoked since; k5 is still on its
        // way to the wallet (signed) with a VC by the leaked key.
        let vcs: [String: JSONValue] = [
            "k1": signedVC("urn:vc:k1", by: leakedMethod), "k2": signedVC("urn:vc:k2", by: leakedMethod, tsgForm: true),
            "k3": signedVC("urn:vc:k3", by: activeMethod), "k4": signedVC("urn:vc:k4", by: leakedMethod),
            "k5": signedVC("urn:vc:k5", by: leakedMethod), "k6": jwt(kid: leakedMethod),
        ]
        let claimed = try await store.claimDue(owner: "W", now: t0, limit: 10, lease: lease)
        #expect(claimed.count == ids.count)
        for (offset, var job) in claimed.enumerated() {
            job.credential = ["id": .string(job.sourceId)]
            job.vc = vcs[job.sourceId]
            job.vcId = "urn:vc:\(job.sourceId)"
            job.profile = "course"
            job.claimsDigest = "d-\(job.sourceId)"
            job.sourceDigest = "s-\(job.sourceId)"
            job.statusSlots = [slots[offset]]
            job.state = job.sourceId == "k5" ? .signed : .delivered
            #expect(try await store.save(job, owner: "W", keepLease: false, now: t0, lease: lease))
        }
        _ = try await store.changeStatus(of: "k4", .revoke, reason: "withdrawn", actor: "ops", now: t0)

        let found = try await store.currentVCs(signedBy: leakedMethod)
        #expect(found.map(\.sourceId) == ["k1", "k2", "k6"])
        #expect(found.map(\.vcId) == ["urn:vc:k1", "urn:vc:k2", "urn:vc:k6"])
        #expect(found.allSatisfy { $0.jobState == .delivered })
        #expect(try await store.currentVCs(signedBy: activeMethod).map(\.sourceId) == ["k3"])

        let request = try await store.requestReissue(signedBy: leakedMethod, reason: "key leaked", actor: "ops", now: t0)
        #expect(request.queued == ["k1", "k2", "k6"])
        #expect(request.marked.isEmpty)
        #expect(request.undelivered == ["k5"])
        let audit = try #require(try await store.auditTrail(subject: "key:\(leakedMethod)", limit: 5).first)
        #expect(audit.action == "reissue" && audit.actor == "ops" && audit.reason == "key leaked" && audit.after == "3 queued")
        let marked = try #require(try await store.jobs(sourceIds: ["k1"]).first)
        #expect(marked.state == .received && marked.forceReissue && marked.replaceSignature)
        #expect(marked.previousIssue(forced: marked.forceReissue)?.replaceSignature == true)
        let untouched = try #require(try await store.jobs(sourceIds: ["k3"]).first)
        #expect(untouched.state == .delivered && !untouched.forceReissue && !untouched.replaceSignature)

        // Run again (an operator repeating it, or a rerun after a crash): the same jobs, no more;
        // pending now, so they are marked rather than queued a second time.
        let again = try await store.requestReissue(signedBy: leakedMethod, reason: "key leaked", actor: "ops", now: t0)
        #expect(again.queued.isEmpty && again.marked == ["k1", "k2", "k6"] && again.undelivered == ["k5"])
        #expect(try await store.counts()[.received] == 3)

        // The worker delivers k1's next revision, signed by the active key: revision 0 is
        // superseded (its revocation index counts as a change), the mark ends, and the leaked key
        // no longer signs a current VC of k1.
        var job = try #require(try await store.claimDue(owner: "W", now: t0, limit: 10, lease: lease, states: [.received]).first { $0.sourceId == "k1" })
        #expect(job.replaceSignature)
        job.vc = signedVC("urn:vc:k1-r1", by: activeMethod)
        job.vcId = "urn:vc:k1-r1"
        job.revision = 1
        job.statusSlots = try await store.reserveStatusIndexes(family, count: 1, listEntries: 131_072, now: t0)
        job.state = .delivered
        #expect(try await store.save(job, owner: "W", keepLease: false, now: t0, lease: lease))
        let history = try await store.issued(matching: "k1")
        #expect(history.map(\.revision) == [1, 0])
        #expect(history.map(\.state) == [.active, .revoked])
        #expect(history.last?.reason?.contains("compromised") == true)
        let after = try #require(try await store.jobs(sourceIds: ["k1"]).first)
        #expect(!after.forceReissue && !after.replaceSignature)
        #expect(try await store.currentVCs(signedBy: leakedMethod).map(\.sourceId) == ["k2", "k6"])
        #expect(try await store.currentVCs(signedBy: activeMethod).map(\.sourceId) == ["k1", "k3"])
    }
}
