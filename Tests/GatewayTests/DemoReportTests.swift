import Composition
@testable import CertbridgeDemo
import Outbox
import Testing

/// The exit-status rule, on report values without sockets.
@Suite("certbridge-demo report: what makes a run succeed")
struct DemoReportTests {
    private func credential(
        _ state: JobState?, target: String?, verification: Result<String, DemoReport.Failure>? = nil
    ) -> DemoReport.Credential {
        DemoReport.Credential(
            sourceId: "c", profile: target.map { "p-\($0)" }, target: target, state: state, reason: nil,
            receipt: nil, vcId: nil, verification: verification)
    }

    private func report(_ credentials: [DemoReport.Credential], checkPassed: Bool = true) -> DemoReport {
        DemoReport(
            issuer: "did:web:example.org", setup: [],
            checks: [.init(action: "a", observed: "o", passed: checkPassed)], credentials: credentials,
            walletFile: "w", verifyCommand: "v")
    }

    @Test("a wallet-bound credential must be delivered and verify; a generic one may end dead")
    func exitStatus() {
        let good = credential(.delivered, target: "tsg-wallet", verification: .success("suite"))
        #expect(report([good, credential(.dead, target: "generic")]).exitCode == 0)
        #expect(report([good, credential(.dead, target: "tsg-wallet")]).exitCode == 1)
        #expect(report([credential(.delivered, target: "tsg-wallet", verification: .failure(.init(reason: "bad")))]).exitCode == 1)
        #expect(report([credential(.delivered, target: "tsg-wallet")]).exitCode == 1)
        #expect(report([credential(.noMatch, target: nil)]).exitCode == 1)
        #expect(report([credential(.signed, target: "generic")]).exitCode == 1)
        #expect(report([good], checkPassed: false).exitCode == 1)
    }

    @Test("the closing line counts states and verified VCs, and is the last line of the text")
    func summary() {
        let text = report([
            credential(.delivered, target: "tsg-wallet", verification: .success("suite")),
            credential(.delivered, target: "tsg-wallet", verification: .failure(.init(reason: "bad"))),
            credential(.dead, target: "generic"), credential(.noMatch, target: nil),
        ]).text
        #expect(text.hasSuffix("\n2 delivered, 1 dead, 1 no match; 1 verified in the wallet\n"))
        #expect(text.contains("NOT verified: bad"))
        #expect(text.contains("FAIL  c"))
    }
}
