import ArgumentParser
import Foundation
import Gateway
import Logging
import Mapping

/// `certbridge serve`: the webhook receiver, the delivery worker and did.json.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Receive Certifier webhooks and deliver signed VCs to the TSG wallet.",
        discussion: """
            Runs until SIGTERM or SIGINT, then shuts down gracefully: the server stops accepting, \
            deliveries in progress finish, everything else stays queued in the outbox for the next start. \
            See docs/SERVE.md.
            """
    )

    @Option(name: .long, help: "Configuration file (see certbridge.example.yaml).")
    var config: String = "certbridge.yaml"

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("unknown log level '\(logLevel)'")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let (configuration, setup) = try ConfigLoading.load(config)
        for name in setup.pipeline.tsgFormProfiles {
            Logger(label: "certbridge").warning(
                "profile signs in TSG form", metadata: ["profile": "\(name)", "why": "\(ProofCompatibility.tsgWarning)"])
        }
        for name in setup.pipeline.nonWalletProfiles {
            Logger(label: "certbridge").warning(
                "profile is not for the TSG wallet; its VCs will be dead letters, not imported",
                metadata: ["profile": "\(name)", "why": "\(setup.pipeline.walletRefusal(forProfile: name) ?? "")"])
        }
        let server = try GatewayServer(
            configuration: configuration, converter: PipelineConverter(pipeline: setup.pipeline),
            didDocument: setup.didDocument, logger: Logger(label: "certbridge"))
        try await server.run { port in
            Logger(label: "certbridge").notice(
                "listening", metadata: ["address": "\(configuration.listen.host):\(port)"])
        }
    }
}

/// Loads and checks a configuration, printing every problem to standard error.
enum ConfigLoading {
    static func load(_ path: String) throws -> (GatewayConfiguration, SigningSetup) {
        let configuration: GatewayConfiguration
        do {
            configuration = try GatewayConfiguration.load(path: path)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        do {
            return (configuration, try SigningSetup(configuration: configuration))
        } catch {
            FileHandle.standardError.write(Data("\(path): \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}
