import ArgumentParser
import Foundation
import Composition
import Gateway
import LinkedData
import Logging
import Mapping

/// `certbridge serve`: the webhook receiver, the delivery worker and did.json.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Receive Certifier webhooks and deliver signed VCs to the configured destinations (TSG wallet, file sink).",
        discussion: """
            Runs until SIGTERM or SIGINT, then shuts down gracefully: the server stops accepting, \
            deliveries in progress finish, everything else stays queued in the outbox for the next start. \
            See docs/SERVE.md.
            """
    )

    @Option(name: .long, help: "Configuration file (see certbridge.example.yaml). \(ConfigOption.help)")
    var config: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("unknown log level '\(logLevel)'")
        }
        // Before the parts: they make the HTTP clients on NIO's shared event loop group.
        let eventLoops = ServeEventLoops.configure(environment: ProcessInfo.processInfo.environment)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let parts = try ConfigLoading.parts(config)
        let configuration = parts.configuration
        for warning in parts.warnings {
            Logger(label: "certbridge").warning("\(warning.message)", metadata: warning.metadata.mapValues { "\($0)" })
        }
        let server = GatewayServer(parts: parts, logger: Logger(label: "certbridge"))
        try await server.run { port in
            Logger(label: "certbridge").notice(
                "listening", metadata: ["address": "\(configuration.listen.host):\(port)", "event_loops": "\(eventLoops)"])
        }
    }
}

/// Loads and checks a configuration, printing every problem to standard error.
enum ConfigLoading {
    /// The configuration (`--config` as given, see ``ConfigOption``), checked.
    static func configuration(_ given: String?) throws -> GatewayConfiguration {
        do {
            return try GatewayConfiguration.load(path: ConfigOption.path(given))
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
    }

    /// The composition root's parts for a configuration file.
    static func parts(_ given: String?) throws -> GatewayParts {
        try parts(configuration(given), path: ConfigOption.name(given))
    }

    /// The composition root's parts for a loaded configuration (`contexts`: the operator's extra ones).
    static func parts(_ configuration: GatewayConfiguration, path: String, contexts: ContextStore = .bundled) throws -> GatewayParts {
        do {
            return try GatewayParts(configuration: configuration, contexts: contexts)
        } catch {
            FileHandle.standardError.write(Data("\(path): \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}
