import Outbox
import Testing
import NIOConcurrencyHelpers

/// The breaker's decisions, without a store or a socket: events in, actions out.
@Suite("store breaker state machine")
struct StoreBreakerStateMachineTests {
    let start = ContinuousClock.now

    @Test("closed: calls proceed, one failure is tolerated, the second in a row opens it")
    func opensAfterFailuresInARow() {
        var machine = StoreBreaker.StateMachine(failuresToOpen: 2, probeInterval: .seconds(2))
        #expect(machine.callRequested(now: start) == .proceed)
        #expect(machine.callFailed(reason: "disk full", now: start) == .none)
        #expect(machine.state == .closed(failures: 1))
        #expect(machine.callFailed(reason: "disk full", now: start) == .opened)
        #expect(machine.state == .open(reason: "disk full", probeAt: start + .seconds(2)))
    }

    @Test("a success between failures resets the count")
    func successResetsCount() {
        var machine = StoreBreaker.StateMachine(failuresToOpen: 2)
        _ = machine.callFailed(reason: "locked", now: start)
        #expect(machine.callSucceeded() == .none)
        #expect(machine.callFailed(reason: "locked", now: start) == .none)
        #expect(machine.state == .closed(failures: 1))
    }

    @Test("open: calls are refused with the reason and the time to the probe, never below a second")
    func refusesWhileOpen() {
        var machine = StoreBreaker.StateMachine(failuresToOpen: 1, probeInterval: .seconds(5))
        _ = machine.callFailed(reason: "connection refused", now: start)
        #expect(machine.callRequested(now: start + .seconds(1)) == .refuse(reason: "connection refused", retryAfter: .seconds(4)))
        #expect(
            machine.callRequested(now: start + .milliseconds(4900))
                == .refuse(reason: "connection refused", retryAfter: .seconds(1)))
    }

    @Test("after the interval one call probes, the others are still refused; its success closes the breaker")
    func probeCloses() {
        var machine = StoreBreaker.StateMachine(failuresToOpen: 1, probeInterval: .seconds(2))
        _ = machine.callFailed(reason: "gone", now: start)
        #expect(machine.callRequested(now: start + .seconds(2)) == .probe)
        #expect(machine.callRequested(now: start + .seconds(3)) == .refuse(reason: "gone", retryAfter: .seconds(1)))
        #expect(machine.callSucceeded() == .recovered)
        #expect(machine.callRequested(now: start + .seconds(3)) == .proceed)
    }

    @Test("a failed probe opens the breaker for another interval with the new reason")
    func failedProbeReopens() {
        var machine = StoreBreaker.StateMachine(failuresToOpen: 1, probeInterval: .seconds(2))
        _ = machine.callFailed(reason: "gone", now: start)
        #expect(machine.callRequested(now: start + .seconds(2)) == .probe)
        _ = machine.callFailed(reason: "still gone", now: start + .seconds(3))
        #expect(machine.state == .open(reason: "still gone", probeAt: start + .seconds(5)))
        #expect(machine.callRequested(now: start + .seconds(4)) == .refuse(reason: "still gone", retryAfter: .seconds(1)))
    }

    @Test("a probe that never reports does not keep the breaker half-open: the next interval probes again")
    func lostProbe() {
        var machine = StoreBreaker.StateMachine(failuresToOpen: 1, probeInterval: .seconds(2))
        _ = machine.callFailed(reason: "gone", now: start)
        #expect(machine.callRequested(now: start + .seconds(2)) == .probe)
        #expect(machine.callRequested(now: start + .seconds(4)) == .probe)
    }

    @Test("a late failure of a call started before the breaker opened does not push the probe back")
    func lateFailureKeepsProbeTime() {
        var machine = StoreBreaker.StateMachine(failuresToOpen: 1, probeInterval: .seconds(2))
        _ = machine.callFailed(reason: "first", now: start)
        _ = machine.callFailed(reason: "late", now: start + .seconds(1))
        #expect(machine.state == .open(reason: "late", probeAt: start + .seconds(2)))
    }
}

/// The executor: deadlines and refusals with real tasks (still no store).
@Suite("store breaker")
struct StoreBreakerTests {
    @Test("a call that ignores cancellation is answered at its deadline, not when it ends")
    func deadlineBoundsAStuckCall() async throws {
        let breaker = StoreBreaker(requestTimeout: .milliseconds(200), probeInterval: .seconds(30), failuresToOpen: 1)
        // Like a SQLite busy wait that cancellation does not end: the call runs until the test lets it go.
        let stuckCallEnded = NIOLockedValueBox(false)
        let letGo = NIOLockedValueBox(false)
        let timedOut = await #expect(throws: StoreUnavailable.self) {
            try await breaker.call {
                while !letGo.withLockedValue { $0 } { try? await Task.sleep(for: .milliseconds(20)) }
                stuckCallEnded.withLockedValue { $0 = true }
                return 1
            }
        }
        // The answer came while the call was still stuck, so the deadline gave it, not the call's end
        // (a causal check: no wall-clock bound that a loaded machine could break).
        #expect(!stuckCallEnded.withLockedValue { $0 })
        #expect(timedOut?.reason.contains("no answer within 0.2 s") == true, "\(String(describing: timedOut))")
        letGo.withLockedValue { $0 = true }
        // Open now: the next call is refused without running.
        let refused = await #expect(throws: StoreUnavailable.self) { try await breaker.call { 2 } }
        #expect(refused?.reason.contains("no answer within") == true)
        #expect((refused?.retryAfterSeconds ?? 0) >= 20)
        // A probe runs whatever the state, and its success closes the breaker.
        #expect(try await breaker.probe { 3 } == 3)
        #expect(try await breaker.call { 4 } == 4)
    }
}
