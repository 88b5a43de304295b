import Foundation
import JSONCanonical
import Lifecycle
import Outbox
import Testing

extension LifecycleConverterTests {
    @Test("a delivered VC whose key leaked is re-issued as the next revision with equal claims; a forced re-issue alone is not")
    func compromisedKeyReissuesUnchangedClaims() async throws {
        let fixture = try LifecycleFixture()
        defer { fixture.remove() }
        let temporary = TemporaryStore()
        defer { temporary.remove() }
        let converter = Self.converter(fixture, try temporary.open())
        let input = try LifecycleFixture.certifierCredential()
        let first = try Self.issued(await converter.convert(input, previous: nil))

        var forced = Self.previous(first)
        forced.forced = true
        guard case .unchanged = await converter.convert(input, previous: forced) else {
            Issue.record("`certbridge reissue` re-issues changed claims only")
            return
        }
        let leaked = PreviousIssue(summary: Self.previous(first).summary, vc: first.vc, replaceSignature: true)
        #expect(leaked.forced)
        #expect(converter.plan(input, previous: leaked) == .reissue(profile: first.profile))
        let next = try Self.issued(await converter.convert(input, previous: leaked))
        #expect(next.revision == first.revision + 1)
        #expect(next.vcId != first.vcId)
        #expect(next.claimsDigest == first.claimsDigest)
        #expect(Set(next.statusSlots).isDisjoint(with: first.statusSlots))
    }
}
