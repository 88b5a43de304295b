import BenchmarkFixtures
import Credentials
import Foundation
import Composition
import JSONCanonical
import Pipeline
import LoadStandIns

/// `ServeLoad delivery COUNT [CONCURRENCY]`: queues COUNT signed credentials in a fresh SQLite
/// outbox through `OutboxDoor` (the `convert --deliver` door), then times their delivery into the
/// wallet stand-in on loopback, which answers at once. Checks that the wallet holds every one.
enum DeliveryCommand {
    static func run(count: Int, concurrency: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-delivery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let wallet = LoadConfiguration.makeWallet()
        let walletServer = try await wallet.start()
        let configuration = LoadConfiguration(
            listenPort: 0, certifierPort: walletServer.port, walletPort: walletServer.port, concurrency: concurrency)
        try SigningKey.generate(.ed25519).save(to: directory.appendingPathComponent("key.jwk").path)
        let path = directory.appendingPathComponent("certbridge.yaml").path
        try configuration.yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let door = OutboxDoor(
            parts: try GatewayParts(configuration: try GatewayConfiguration.load(path: path, environment: LoadConfiguration.environment)))

        let setup = try ConversionSetup()
        let clock = ContinuousClock()
        let queueStart = clock.now
        for index in 0..<count {
            var credential = setup.walletCredentials[index % setup.walletCredentials.count]
            credential["id"] = .string(String(format: "bench%021d", index))
            guard case .converted(let converted) = setup.pipeline.process(credential) else {
                throw LoadError("credential \(index) did not convert")
            }
            _ = try await door.enqueue(converted)
        }
        let queued = clock.now - queueStart

        let start = clock.now
        var taken = 0
        while wallet.importCounts.count < count, clock.now - start < .seconds(300) {
            let round = await door.deliverDue()
            taken += round
            if round == 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        let elapsed = clock.now - start
        let delivered = wallet.importCounts.count
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("queued \(count) signed credentials in \(queued)")
        print("delivered \(delivered) of \(count) in \(String(format: "%.2f", seconds)) s with concurrency \(concurrency): \(Int(Double(delivered) / seconds)) credentials/s")
        print("wallet: \(wallet.importRequests) import requests, \(wallet.tokensIssued) token(s); jobs taken \(taken)")
        await walletServer.stop()
        guard delivered == count else { throw LoadError("only \(delivered) of \(count) reached the wallet") }
    }
}

/// A failed load run.
struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
