import Outbox

/// The gateway's answers to the demo's webhooks, turned into checks once the outbox settled.
struct SentWebhooks: Sendable {
    /// One per example, in order.
    let statuses: [Int]
    /// The first event, sent again.
    let repeated: Int
    /// The event with a forged signature.
    let forged: Int

    func checks(
        examples: [DemoExample], jobs: [String: DeliveryJob], fetchCount: (String) -> Int, importCount: (String) -> Int
    ) -> [DemoReport.Check] {
        let accepted = statuses.count(where: { $0 == 202 })
        var checks = [
            DemoReport.Check(
                action: "\(examples.count) signed credential.created events",
                observed: "\(accepted) answered 202"
                    + (accepted == examples.count ? "" : " (got \(statuses.map(String.init).joined(separator: ", ")))"),
                passed: accepted == examples.count)
        ]
        let first = examples[0].id
        let fetches = fetchCount(first)
        let imports = jobs[first]?.vcId.map(importCount) ?? 0
        checks.append(
            DemoReport.Check(
                action: "event \(DemoRun.eventId(0)) sent again",
                observed: "answered \(repeated); credential fetched \(fetches)x, imported \(imports)x",
                passed: repeated == 202 && fetches == 1 && imports <= 1))
        let queued = jobs[DemoRun.forgedCredentialId] != nil
        checks.append(
            DemoReport.Check(
                action: "event with a forged signature",
                observed: "answered \(forged), " + (queued ? "but a job was queued" : "nothing queued"),
                passed: forged == 401 && !queued))
        return checks
    }
}
