import AsyncHTTPClient
import BenchmarkFixtures
import Composition
import Credentials
import Foundation
import JSONCanonical
import LoadStandIns
import Mapping
import NIOCore
import Pipeline
import Synchronization

/// `ServeLoad wallet-load …`: webhook to wallet with everything on this machine. The real
/// `certbridge serve` (one or two processes, SQLite or PostgreSQL outbox), the synthetic Certifier
/// and the wallet stand-in (answering at once, verifying a sample of the imports against the
/// server's own `/.well-known/did.json`), and the load generator sending N webhooks for N distinct
/// credentials. Reports the end-to-end rate, webhook-to-import latencies, and where the CPU went.
enum WalletLoadCommand {
    static func run(_ options: WalletLoadOptions) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-wallet-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // Profiles: the shipped ones, or a copy whose chosen profile issues status entries.
        let shipped = Fixtures.repositoryRoot.appendingPathComponent("mappings")
        let profilesPath = options.status ? try withStatus(copying: shipped, profile: options.profile, into: directory) : shipped
        let profiles = try ProfileLoader.load(directory: profilesPath)

        // The credentials the synthetic Certifier serves: templates the chosen profile converts,
        // and each webhook's expected VC id (the profile's id is derived from the Certifier id).
        let setup = try ConversionSetup()
        let templates = setup.walletCredentials.filter { template in
            guard case .converted(let converted) = setup.pipeline.process(template) else { return false }
            return converted.profile == options.profile
        }
        guard !templates.isEmpty else { throw LoadError("no example credential converts with profile \(options.profile)") }
        let certifier = SyntheticCertifier(token: LoadConfiguration.environment["BENCH_CERTIFIER_TOKEN"] ?? "", templates: templates)
        let certifierIds = (0..<options.count).map { String(format: "bench%021d", $0) }
        let vcIds = try certifierIds.map { id -> String in
            guard case .converted(let converted) = setup.pipeline.process(certifier.credential(id: id)), let vcId = converted.vcId
            else { throw LoadError("credential \(id) does not convert") }
            return vcId
        }
        guard Set(vcIds).count == vcIds.count else { throw LoadError("the profile gives two credentials one VC id") }

        let ledger = ImportLedger(
            vcIds: vcIds, sampleEvery: options.sampleEvery,
            statusListPrefix: options.status ? "http://127.0.0.1:\(options.port)/status/bench-revocation-" : nil)
        let certifierServer = try await certifier.start()
        let wallet = LoadConfiguration.makeWallet(onImport: { id, vc in ledger.recordImport(id: id, vc: vc) })
        let walletServer = try await wallet.start()

        // The serve processes, one configuration each (ports differ), one key and one store.
        try SigningKey.generate(.ed25519).save(to: directory.appendingPathComponent("key.jwk").path)
        var environment = LoadConfiguration.environment
        if options.store == "postgres" {
            guard let url = ProcessInfo.processInfo.environment["BENCH_POSTGRES_URL"] else {
                throw LoadError("--store postgres needs BENCH_POSTGRES_URL (an empty database; scripts/wallet-load.sh makes one)")
            }
            environment["BENCH_STORE_URL"] = url
        }
        var instances: [ServeInstance] = []
        defer { instances.forEach { $0.stop() } }
        for number in 0..<options.instances {
            let port = options.port + number
            var configuration = LoadConfiguration(
                listenPort: port, certifierPort: certifierServer.port, walletPort: walletServer.port,
                concurrency: options.deliveryConcurrency)
            configuration.cryptosuite = options.suite
            configuration.profiles = profilesPath.path
            configuration.store = options.store == "postgres" ? .postgres(variable: "BENCH_STORE_URL") : .sqlite("outbox.sqlite")
            configuration.publicURL = options.status ? "http://127.0.0.1:\(options.port)" : nil
            let path = directory.appendingPathComponent("certbridge-\(number).yaml").path
            try configuration.yaml.write(toFile: path, atomically: true, encoding: .utf8)
            instances.append(
                try ServeInstance(
                    binary: options.binary, configPath: path, port: port, environment: environment,
                    logPath: directory.appendingPathComponent("serve-\(number).log").path))
        }
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = options.connections
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        do {
            try await measure(
                options: options, certifierIds: certifierIds, instances: instances, client: client, ledger: ledger,
                profiles: profiles, wallet: wallet)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
        for instance in instances { instance.stop() }
        await walletServer.stop()
        await certifierServer.stop()
    }

    /// The measured part: the servers are up, the webhooks go out, the wallet fills.
    private static func measure(
        options: WalletLoadOptions, certifierIds: [String], instances: [ServeInstance], client: HTTPClient,
        ledger: ImportLedger, profiles: ProfileSet, wallet: WalletStandIn
    ) async throws {
        for instance in instances { try await instance.waitUntilHealthy(client: client) }

        // The verifier of sampled imports resolves the issuer through the document the server publishes.
        let didResponse = try await client.execute(
            HTTPClientRequest(url: instances[0].baseURL + "/.well-known/did.json"), timeout: .seconds(5))
        let didDocument = try JSONValue(parsing: Array(buffer: try await didResponse.body.collect(upTo: 1 << 20)))
        ledger.useVerifier(
            DataIntegrityVerifier(
                resolver: try DIDResolver(documents: [didDocument]), registry: Cryptosuites.registries(for: profiles).w3c))

        let pids = [("ServeLoad (load generator, Certifier and wallet stand-ins)", [getpid()])]
            + instances.enumerated().map { ("serve #\($0.offset + 1)", [$0.element.pid]) }
        let postgresPids = options.store == "postgres" ? CPUAccounting.processes(named: "postgres") : []
        let cpuBefore = pids.map { $0.1.map(CPUAccounting.processSeconds).reduce(0, +) }
        let postgresBefore = postgresPids.map(CPUAccounting.processSeconds).reduce(0, +)
        let machineBefore = CPUAccounting.Machine.now()

        let refused = try await sendWebhooks(
            certifierIds: certifierIds, to: instances.map { $0.baseURL }, options: options, client: client, ledger: ledger)

        let deadline = ContinuousClock.now + .seconds(options.timeout)
        while ledger.distinctImports < options.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        // The last sampled import may still be verifying: the stand-in records it first.
        while !ledger.samplesSettled, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        let machine = CPUAccounting.Machine.now() - machineBefore
        let cpu = zip(pids, cpuBefore).map { ($0.0, $0.1.map(CPUAccounting.processSeconds).reduce(0, +) - $1) }
        let postgres = postgresPids.map(CPUAccounting.processSeconds).reduce(0, +) - postgresBefore
        // Processes PostgreSQL started during the run (new backends) count from zero.
        let postgresNew = options.store == "postgres"
            ? Set(CPUAccounting.processes(named: "postgres")).subtracting(postgresPids).map(CPUAccounting.processSeconds).reduce(0, +)
            : 0
        let summary = ledger.summary()

        report(
            options: options, summary: summary, refused: refused, machine: machine,
            cpu: cpu + (options.store == "postgres" ? [("PostgreSQL (all its processes)", postgres + postgresNew)] : []),
            wallet: wallet)
        if summary.imported < options.count {
            for (number, instance) in instances.enumerated() { print("serve #\(number + 1) log tail:\n\(instance.logTail())") }
            throw LoadError("only \(summary.imported) of \(options.count) credentials reached the wallet in \(options.timeout) s")
        }
        guard summary.verificationFailures.isEmpty, summary.verified == summary.sampled, summary.duplicates == 0, summary.unknown.isEmpty, refused.isEmpty else {
            throw LoadError("the run imported what it should not have, or refused webhooks (see above)")
        }
    }

    /// Sends one webhook per credential over `options.connections` connections, round-robin over
    /// the servers, paced to `options.rate` when given. Returns the refusals (status and id).
    private static func sendWebhooks(
        certifierIds: [String], to servers: [String], options: WalletLoadOptions, client: HTTPClient, ledger: ImportLedger
    ) async throws -> [String] {
        let sender = servers.map { WebhookSender(url: $0 + "/webhooks/certifier", secret: LoadConfiguration.environment["BENCH_WEBHOOK_SECRET"] ?? "") }
        let next = TicketCounter()
        let start = ContinuousClock.now
        return try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<options.connections {
                group.addTask {
                    var refused: [String] = []
                    while true {
                        let index = next.take()
                        guard index < certifierIds.count else { return refused }
                        if options.rate > 0 {
                            try await Task.sleep(until: start + .seconds(Double(index) / options.rate), clock: .continuous)
                        }
                        let body = Array(
                            WebhookSender.envelope(id: "evt-\(certifierIds[index])", credentialId: certifierIds[index]).compactString.utf8)
                        ledger.markSent(index)
                        let status = try await sender[index % sender.count].post(body, client: client)
                        ledger.markAccepted(index)
                        if status / 100 != 2 { refused.append("\(status) for \(certifierIds[index])") }
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    /// A copy of the profiles folder in which `profile` asks for a revocation status entry.
    private static func withStatus(copying shipped: URL, profile: String, into directory: URL) throws -> URL {
        let copy = directory.appendingPathComponent("mappings")
        try FileManager.default.copyItem(at: shipped, to: copy)
        let names = try FileManager.default.contentsOfDirectory(atPath: copy.path).filter { $0.hasSuffix(".yaml") }
        guard let file = try names.first(where: { name in
            try String(contentsOf: copy.appendingPathComponent(name), encoding: .utf8).contains("\nname: \(profile)\n")
        }) else { throw LoadError("no profile named \(profile) in \(shipped.path)") }
        let url = copy.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        try (text + "\nstatus:\n  purposes: [revocation]\n  list: bench\n").write(to: url, atomically: true, encoding: .utf8)
        return copy
    }

    private static func report(
        options: WalletLoadOptions, summary: ImportLedger.Summary, refused: [String], machine: CPUAccounting.Machine,
        cpu: [(String, Double)], wallet: WalletStandIn
    ) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let model = ((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
            .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
            .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let wall = (summary.lastImport ?? 0) - (summary.firstSent ?? 0)
        let sending = (summary.lastSent ?? 0) - (summary.firstSent ?? 0)
        func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
        func percent(_ seconds: Double) -> String { String(format: "%.0f %%", wall > 0 ? seconds / wall * 100 : 0) }
        print("date:        \(ISO8601DateFormatter().string(from: Date())), \(cores) cores, \(model)")
        print("run:         \(options.count) webhooks, \(options.instances) serve process(es), store \(options.store), "
            + "suite \(options.suite ?? "the profile's own") (profile \(options.profile)), status entries \(options.status ? "on" : "off"), "
            + "\(options.connections) connections, delivery concurrency \(options.deliveryConcurrency)"
            + (options.rate > 0 ? ", offered \(Int(options.rate))/s" : ", unpaced"))
        print("imported:    \(summary.imported) of \(options.count) in \(String(format: "%.2f", wall)) s from the first webhook: "
            + "\(Int(Double(summary.imported) / max(wall, 1e-9))) credentials/s end to end")
        print("webhooks:    sent in \(String(format: "%.2f", sending)) s (\(Int(Double(options.count) / max(sending, 1e-9)))/s); "
            + "202 after p50 \(ms(summary.intakeLatencies.quantile(0.5))), p99 \(ms(summary.intakeLatencies.quantile(0.99))); "
            + "\(refused.count) refused\(refused.isEmpty ? "" : ": " + refused.prefix(3).joined(separator: ", "))")
        print("latency:     webhook → import p50 \(ms(summary.latencies.quantile(0.5))), p90 \(ms(summary.latencies.quantile(0.9))), "
            + "p99 \(ms(summary.latencies.quantile(0.99))), max \(ms(summary.latencies.last ?? 0))")
        print("wallet:      \(wallet.importRequests) import requests, \(wallet.tokensIssued) token(s), \(summary.duplicates) duplicate imports, "
            + "\(summary.unknown.count) unknown VC ids")
        print("verified:    \(summary.verified) of \(summary.sampled) sampled imports (every \(options.sampleEvery)th) verified against the served did.json"
            + (options.status ? " and carrying a revocation entry of the run's list, " : ", ")
            + "\(summary.verificationFailures.count) failed\(summary.verificationFailures.first.map { ": " + $0 } ?? "")")
        for (name, seconds) in cpu {
            print("cpu:         \(name): \(String(format: "%.1f", seconds)) s, \(percent(seconds)) of one core; "
                + "\(String(format: "%.0f", seconds / Double(max(summary.imported, 1)) * 1e6)) µs per credential")
        }
        let capacity = wall * Double(cores)
        print("machine:     busy \(String(format: "%.0f", machine.busy / max(capacity, 1e-9) * 100)) % of \(cores) cores, "
            + "I/O wait \(String(format: "%.0f", machine.ioWait / max(capacity, 1e-9) * 100)) %, "
            + "steal \(String(format: "%.0f", machine.steal / max(capacity, 1e-9) * 100)) %, "
            + "idle \(String(format: "%.0f", machine.idle / max(capacity, 1e-9) * 100)) %")
    }
}

/// Hands out 0, 1, 2, … to concurrent senders.
private final class TicketCounter: Sendable {
    private let next = Atomic<Int>(0)

    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}
