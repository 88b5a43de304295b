import ArgumentParser
import Foundation
import Composition
import Gateway

/// `certbridge config`: configuration tools.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a serve configuration; list its environment variables.",
        subcommands: [ConfigCheckCommand.self, ConfigEnvCommand.self]
    )
}

/// `certbridge config check --config F`.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration: fields, secrets (resolved, never printed), profiles and key; where each value came from.",
        discussion: "Prints every problem as file:line:column: field: message (VARIABLE (field): message for a value from the environment) and exits 2, or a summary with the source of every set key (file, or the CERTBRIDGE_* variable) and exits 0."
    )

    @Option(name: .long, help: "Configuration file. \(ConfigOption.help)")
    var config: String?

    func run() throws {
        // The parts `serve` builds, but not the store: a check opens no database.
        let configuration = try ConfigLoading.configuration(config)
        let parts: ConversionParts
        do {
            parts = try ConversionParts(configuration: configuration)
        } catch {
            FileHandle.standardError.write(Data("\(ConfigOption.name(config)): \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        let (setup, pipeline) = (parts.setup, parts.pipeline)
        if let warning = setup.keyFileWarning { print("warning: \(warning)") }
        for diagnostic in parts.routing.diagnostics { print("warning: \(diagnostic.location): \(diagnostic.message)") }
        print("\(ConfigOption.name(config)): OK")
        print("  listen          \(configuration.listen)")
        print("  certifier       \(configuration.certifier.baseURL) (version \(configuration.certifier.version))")
        if let publicURL = configuration.publicBaseURL {
            print("  public url      \(publicURL) (status lists, OpenID4VCI and did.json are published under it: once credentials cite it, do not change it)")
        }
        print("  profiles        \(configuration.profilesDirectory): \(setup.profiles.profiles.count) profile(s)")
        print("  issuer          \(configuration.signing.issuer)\(setup.didDocument == nil ? "" : " (did.json served)")")
        for settings in configuration.destinations {
            print("  destination     \(settings.kind.name): \(settings.label)")
        }
        print("  store           \(configuration.store)")
        print("  concurrency     \(configuration.worker.concurrency), max attempts \(configuration.worker.retry.maximumAttempts)")
        let lifecycle = configuration.lifecycle
        let statusProfiles = setup.profiles.profiles.compactMap { profile in profile.status.map { "\(profile.name) (\($0.list): \($0.purposes.joined(separator: ", ")))" } }
        if let publicURL = configuration.publicBaseURL, !statusProfiles.isEmpty {
            print("  status lists    \(publicURL)/status/… for \(statusProfiles.joined(separator: "; ")); signed every \(lifecycle.publishInterval), valid \(lifecycle.validity), renewed \(lifecycle.renewBefore) before expiry")
        }
        print("  reconcile       " + (lifecycle.reconcileInterval > .zero ? "every \(lifecycle.reconcileInterval), stops above \(lifecycle.maximumChangeShare) changed" : "off (reconcile.interval: 0); certbridge backfill on demand"))
        print("  secrets         resolved (not shown)")
        // Where each set key came from; values are never printed (some are secrets).
        let fromEnvironment = configuration.sources.filter { $0.value.variable != nil }
        print("  sources         \(configuration.sources.count - fromEnvironment.count) key(s) from the file, \(fromEnvironment.count) from the environment")
        for (key, source) in configuration.sources.sorted(by: { $0.key < $1.key }) {
            print("    \(key.padding(toLength: max(key.count, 34), withPad: " ", startingAt: 0)) \(source)")
        }
        let contexts = PublishedContexts(configuration: configuration)
        if !contexts.documents.isEmpty {
            print("  contexts        served at \(contexts.documents.keys.sorted().joined(separator: ", "))")
        }
        for reason in contexts.skipped { print("  contexts        not served: \(reason)") }
        for name in pipeline.tsgFormProfiles {
            TSGCompatibleOption.warn("profile '\(name)' (\(pipeline.cryptosuite(forProfile: name) ?? "?"))")
        }
    }
}
