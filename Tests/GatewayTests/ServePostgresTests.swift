import Composition
import Outbox
import OutboxPostgres
import Foundation
import Gateway
import PostgresTestSupport
import ServeStandIns
import Testing

@Suite("serve over PostgreSQL", .enabled(if: TestPostgres.isConfigured, Comment(rawValue: TestPostgres.skipReason)))
struct ServePostgresTests {
    @Test("two serve instances over one database: webhooks to either, a repeated envelope at the other, each VC imported once")
    func twoInstances() async throws {
        let database = try await TestPostgres.createDatabase()
        let harness = try await ServeHarness(store: "postgres: file:database.url")
        // The URL, with its password, lives in a secret file, as the configuration demands.
        try Data(try #require(TestPostgres.urlText(for: database)).utf8).write(to: harness.directory.appendingPathComponent("database.url"))
        let gateways = [try await harness.startGateway(), try await harness.startGateway()]
        let ids = (0..<10).map { "01multi\($0)" }
        for (index, id) in ids.enumerated() {
            harness.certifier.put(tsgCredential(id))
            #expect(try await gateways[index % 2].webhook.post(eventId: "ev-\(index)", credentialId: id) == 202)
        }
        // Certifier retries one envelope, and the load balancer sends it to the other instance.
        #expect(try await gateways[1].webhook.post(eventId: "ev-0", credentialId: ids[0]) == 202)
        #expect(try await gateways[0].waitUntil { try await gateways[0].server.store.counts()[.delivered] == 10 })
        #expect(harness.wallet.importCounts.count == 10)
        #expect(harness.wallet.importCounts.values.allSatisfy { $0 == 1 }, "\(harness.wallet.importCounts)")
        #expect(try await gateways[1].server.store.jobs(state: nil, limit: 100).count == 10)
        #expect(try await gateways[1].get("/readyz").status == 200)
        for gateway in gateways { try await gateway.stop() }
        await harness.stop()
        await TestPostgres.dropDatabase(database)
    }
}
