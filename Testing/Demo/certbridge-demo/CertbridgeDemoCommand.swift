import ArgumentParser
import CertbridgeDemo
import Foundation
import Logging

/// `swift run certbridge-demo`: the main job on the bundled examples, loopback only.
@main
struct CertbridgeDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certbridge-demo",
        abstract: "Run the webhook-to-wallet path on the bundled examples, on 127.0.0.1 only.",
        discussion: """
            Starts stand-ins for Certifier (holding the example credentials) and the TSG wallet, and \
            the real gateway (the code of `certbridge serve`), sends one signed webhook per example \
            plus a repeated and a forged one, waits until the outbox settles, and verifies every VC \
            the wallet received against the did.json the gateway serves. Exits 0 only if every \
            example meant for the wallet was delivered and verifies.
            """)

    @Option(name: .long, help: "Work directory: dev key (kept), configuration, outbox, wallet.ndjson, did.json.")
    var dir: String = ".certbridge-demo"

    @Option(name: .long, help: "Certifier credentials, one JSON document a line.")
    var examples: String = "Examples/certifier-credentials.ndjson"

    @Option(name: .long, help: "Mapping profiles directory.")
    var profiles: String = "mappings"

    @Option(name: .long, help: "Seconds the outbox may take to settle.")
    var timeout: Int = 30

    @Option(name: .long, help: "Gateway log level on standard error (trace … critical); the report already names every failure.")
    var logLevel: String = "critical"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown log level '\(logLevel)'") }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let options = DemoOptions(directory: dir, examples: examples, profiles: profiles, timeout: .seconds(timeout))
        let report: DemoReport
        do {
            report = try await Demo.run(options)
        } catch {
            FileHandle.standardError.write(Data("certbridge-demo: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        print(report.text, terminator: "")
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
