import Outbox
import Pipeline

extension ConvertedDelivery {
    /// A pipeline result, for `OutboxStore.enqueue(converted:now:)` (the `convert --deliver` door).
    /// `nil` when the VC has no `id`, which the outbox needs to deliver at most once.
    public init?(_ converted: ConvertedCredential) {
        guard let vcId = converted.vcId, !vcId.isEmpty else { return nil }
        self.init(sourceId: converted.sourceId, vc: converted.vc, vcId: vcId, profile: converted.profile)
    }
}
