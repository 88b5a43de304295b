@testable import DIDResolution
import NIOCore
import Testing

/// The deadline race the host lookup runs under: the first of work and timer answers, once.
@Suite struct DeadlineRaceTests {
    @Test func quickWorkAlwaysWins() async {
        for round in 0..<300 {
            let result = await GuardedHTTPClient.race(deadline: .now() + .seconds(5)) { round }
            guard case .success(let value?) = result else {
                Issue.record("round \(round): \(result)")
                return
            }
            #expect(value == round)
        }
    }

    @Test func theDeadlineWinsOverSlowWork() async {
        // Work that would take ten minutes: only the deadline can answer `.success(nil)` (no
        // elapsed-time bound, which a loaded machine could break without a fault here).
        let result = await GuardedHTTPClient.race(deadline: .now() + .milliseconds(100)) {
            try await Task.sleep(for: .seconds(600))
            return 1
        }
        guard case .success(nil) = result else {
            Issue.record("expected the deadline, got \(result)")
            return
        }
    }

    @Test func aPassedDeadlineAnswersAtOnce() async {
        let result = await GuardedHTTPClient.race(deadline: .now() - .seconds(1)) { 1 }
        guard case .success(nil) = result else {
            Issue.record("expected the deadline, got \(result)")
            return
        }
    }
}
