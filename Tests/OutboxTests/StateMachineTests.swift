import Outbox
import Foundation
import JSONCanonical
import Testing

@Suite("Delivery state machine")
struct StateMachineTests {
    let policy = RetryPolicy(
        initialDelay: .seconds(1), maximumDelay: .seconds(8), multiplier: 2, jitter: 0.5, maximumAttempts: 4)

    func newJob() -> DeliveryJob {
        DeliveryJob(id: 1, sourceId: "c1", nextAttemptAt: t0, createdAt: t0, updatedAt: t0)
    }

    @Test("the happy path walks received → fetched → signed → delivered")
    func happyPath() {
        var machine = DeliveryJob.StateMachine(job: newJob(), policy: policy)
        #expect(machine.nextAction == .fetch(sourceId: "c1"))
        let credential: JSONValue = ["id": "c1"]
        #expect(machine.fetched(credential, now: t0) == .convert(credential, previous: nil))
        #expect(machine.job.state == .fetched)
        let vc: JSONValue = ["id": "urn:uuid:v"]
        #expect(machine.converted(ConvertedVC(vc: vc, vcId: "urn:uuid:v", profile: "p"), now: t0) == .deliver(vc))
        #expect(machine.delivered(receipt: "rec-1", now: t0) == .finished(.delivered))
        #expect(machine.job.receipt == "rec-1")
        #expect(machine.job.deliveredAt == t0)
    }

    @Test("backoff grows exponentially, is capped, and jitter only ever shortens it")
    func backoff() {
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil, random: 0) == .seconds(1))
        #expect(policy.delay(afterAttempt: 2, retryAfter: nil, random: 0) == .seconds(2))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: 0) == .seconds(4))
        #expect(policy.delay(afterAttempt: 9, retryAfter: nil, random: 0) == .seconds(8))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: 1) == .seconds(2))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: 0.5) == .seconds(3))
    }

    @Test("Retry-After is a floor for the next attempt, clamped to the policy's maximum")
    func retryAfterHonoured() {
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(30), random: 0) == .seconds(30))
        #expect(policy.delay(afterAttempt: 4, retryAfter: .seconds(1), random: 0) == .seconds(8))
        let clamped = RetryPolicy(maximumRetryAfter: .seconds(60))
        #expect(clamped.delay(afterAttempt: 1, retryAfter: .seconds(86_400), random: 0) == .seconds(60))
        var machine = DeliveryJob.StateMachine(
            job: DeliveryJob(id: 1, sourceId: "c1", state: .signed, nextAttemptAt: t0, vc: ["id": "v"], createdAt: t0, updatedAt: t0),
            policy: policy)
        let action = machine.failed(.retryable("HTTP 429", retryAfter: .seconds(17)), now: t0, random: 0.9)
        #expect(action == .wait(until: t0.addingTimeInterval(17)))
        #expect(machine.job.lastError == "delivery: HTTP 429")
    }

    @Test("retryable failures end in dead after the bounded number of attempts")
    func boundedAttempts() {
        var machine = DeliveryJob.StateMachine(job: newJob(), policy: policy)
        var now = t0
        for attempt in 1..<policy.maximumAttempts {
            guard case .wait(let until) = machine.failed(.retryable("HTTP 503", retryAfter: nil), now: now, random: 0)
            else {
                Issue.record("attempt \(attempt) should wait")
                return
            }
            #expect(machine.job.attempts == attempt)
            now = until
        }
        #expect(machine.failed(.retryable("HTTP 503", retryAfter: nil), now: now, random: 0) == .finished(.dead))
        #expect(machine.job.state == .dead)
        #expect(machine.job.lastError?.contains("gave up after 4 attempts") == true)
    }

    @Test("a permanent failure is dead at once and names the step; success resets attempts")
    func permanentFailure() {
        var machine = DeliveryJob.StateMachine(job: newJob(), policy: policy)
        _ = machine.failed(.retryable("timeout", retryAfter: nil), now: t0, random: 0)
        #expect(machine.job.attempts == 1)
        _ = machine.fetched(["id": "c1"], now: t0)
        #expect(machine.job.attempts == 0)
        #expect(machine.failed(.permanent("missing field 'recipient.email'"), now: t0, random: 0) == .finished(.dead))
        #expect(machine.job.lastError == "mapping: missing field 'recipient.email'")
    }

    @Test("no profile matched is its own terminal state with the reason")
    func noMatch() {
        var machine = DeliveryJob.StateMachine(job: newJob(), policy: policy)
        _ = machine.fetched(["id": "c1"], now: t0)
        #expect(machine.noProfileMatched(reason: "status draft", now: t0) == .finished(.noMatch))
        #expect(machine.job.state == .noMatch)
        #expect(machine.job.lastError == "status draft")
        // A terminal job ignores late events.
        #expect(machine.delivered(receipt: "x", now: t0) == .finished(.noMatch))
    }

    @Test("a refused VC is dead at once, keeps its profile, and is never sent")
    func refusedByTarget() {
        var machine = DeliveryJob.StateMachine(job: newJob(), policy: policy)
        _ = machine.fetched(["id": "c1"], now: t0)
        #expect(machine.refused(profile: "badge", reason: "profile 'badge' has target 'generic'", now: t0) == .finished(.dead))
        #expect(machine.job.state == .dead)
        #expect(machine.job.profile == "badge")
        #expect(machine.job.attempts == 0)
        #expect(machine.job.lastError == "refused: profile 'badge' has target 'generic'")
        // Nothing moves a dead job on to the wallet.
        #expect(machine.delivered(receipt: "x", now: t0) == .finished(.dead))
    }

    /// A job delivered before, read again (an event reconciled it).
    func reconciledJob() -> DeliveryJob {
        var job = newJob()
        job.vc = ["id": "urn:vc:1"]
        job.vcId = "urn:vc:1"
        job.lastIssued = IssuedSummary(vcId: "urn:vc:1", revision: 0, claimsDigest: "d0", sourceDigest: "s0")
        return job
    }

    @Test("a reconciled job hands the converter what was delivered, and a new revision replaces the VC")
    func reissue() {
        var machine = DeliveryJob.StateMachine(job: reconciledJob(), policy: policy)
        let credential: JSONValue = ["id": "c1"]
        let previous = PreviousIssue(summary: IssuedSummary(vcId: "urn:vc:1", revision: 0, claimsDigest: "d0", sourceDigest: "s0"), vc: ["id": "urn:vc:1"])
        #expect(machine.fetched(credential, now: t0) == .convert(credential, previous: previous))
        let slot = StatusSlot(list: "courses-revocation-1", index: 42, purpose: "revocation")
        let vc: JSONValue = ["id": "urn:vc:1-r1"]
        let converted = ConvertedVC(
            vc: vc, vcId: "urn:vc:1-r1", profile: "p", revision: 1, claimsDigest: "d1", sourceDigest: "s1", statusSlots: [slot])
        #expect(machine.converted(converted, now: t0) == .deliver(vc))
        #expect(machine.job.revision == 1 && machine.job.statusSlots == [slot] && machine.job.claimsDigest == "d1")
        #expect(machine.delivered(receipt: "r", now: t0) == .finished(.delivered))
    }

    @Test("unchanged or held claims keep the delivered VC; a credential that no longer matches is not revoked")
    func keptDelivered() {
        var unchanged = DeliveryJob.StateMachine(job: reconciledJob(), policy: policy)
        _ = unchanged.fetched(["id": "c1"], now: t0)
        #expect(unchanged.keptDelivered(note: nil, now: t0) == .finished(.delivered))
        #expect(unchanged.job.vcId == "urn:vc:1" && unchanged.job.lastError == nil)

        var held = DeliveryJob.StateMachine(job: reconciledJob(), policy: policy)
        _ = held.fetched(["id": "c1"], now: t0)
        #expect(held.keptDelivered(note: "profile edit", now: t0) == .finished(.delivered))
        #expect(held.job.lastError == "profile edit")

        var expired = DeliveryJob.StateMachine(job: reconciledJob(), policy: policy)
        _ = expired.fetched(["id": "c1", "status": "expired"], now: t0)
        #expect(expired.noProfileMatched(reason: "status expired", now: t0) == .finished(.delivered))
        #expect(expired.job.lastError?.contains("kept the delivered VC") == true)

        // Never delivered: no match stays a visible no-match, and keptDelivered does nothing.
        var fresh = DeliveryJob.StateMachine(job: newJob(), policy: policy)
        _ = fresh.fetched(["id": "c1"], now: t0)
        #expect(fresh.keptDelivered(note: nil, now: t0) == .convert(["id": "c1"], previous: nil))
        #expect(fresh.noProfileMatched(reason: "draft", now: t0) == .finished(.noMatch))
    }

    @Test("Certifier's 404 makes the job deleted and drops the personal data it held")
    func gone() {
        var machine = DeliveryJob.StateMachine(job: reconciledJob(), policy: policy)
        #expect(machine.gone(reason: "fetch: HTTP 404", now: t0) == .finished(.deleted))
        #expect(machine.job.state == .deleted)
        #expect(machine.job.vc == nil && machine.job.credential == nil)
        #expect(machine.job.lastIssued?.vcId == "urn:vc:1", "the history needs the id to revoke it")
        #expect(machine.gone(reason: "again", now: t0) == .finished(.deleted))
    }
}
