import Certifier
import Composition
import Outbox
import Foundation
import Gateway
import JSONCanonical
import Pipeline
import Testing

@Suite("outbox door for convert --deliver", .serialized)
struct OutboxDoorTests {
    @Test("a pipeline result is queued signed and delivered once; webhook jobs are left to serve")
    func enqueueAndDeliver() async throws {
        let harness = try await ServeHarness()
        let configuration = try GatewayConfiguration.load(path: harness.configPath, environment: [:])
        let parts = try GatewayParts(configuration: configuration)
        let door = OutboxDoor(parts: parts)
        guard case .converted(let converted) = parts.pipeline.process(tsgCredential("01door1")) else {
            Issue.record("the shipped profile did not convert the credential")
            return
        }
        let outcome = try await door.enqueue(converted)
        guard case .enqueued = outcome else {
            Issue.record("expected enqueued, got \(outcome)")
            return
        }
        #expect(try await door.enqueue(converted) == .coalesced(jobId: try #require(outcome.jobId)))
        _ = try await door.store.record(
            event: WebhookEnvelope(id: "ev-w", type: "credential.created", resource: .init(id: "01webhook", type: "credential")).sourceEvent,
            now: Date())
        #expect(await door.deliverDue() == 1)
        #expect(harness.wallet.importCounts == [try #require(converted.vcId): 1])
        let counts = try await door.store.counts()
        #expect(counts[.delivered] == 1)
        #expect(counts[.received] == 1)
        // Converting and queueing the same credential again sends nothing more.
        #expect(try await door.enqueue(converted) == .alreadyDelivered(jobId: try #require(outcome.jobId)))
        await harness.stop()
    }
}
