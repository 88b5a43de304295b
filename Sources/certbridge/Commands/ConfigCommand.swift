import ArgumentParser
import Foundation
import Gateway

/// `certbridge config`: configuration tools.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a serve configuration.",
        subcommands: [ConfigCheckCommand.self]
    )
}

/// `certbridge config check --config F`.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration: fields, secrets (resolved, never printed), profiles and key.",
        discussion: "Prints every problem as file:line:column: field: message and exits 2, or a summary and exits 0."
    )

    @Option(name: .long, help: "Configuration file.")
    var config: String = "certbridge.yaml"

    func run() throws {
        let (configuration, setup) = try ConfigLoading.load(config)
        print("\(config): OK")
        print("  listen          \(configuration.listen)")
        print("  certifier       \(configuration.certifier.baseURL) (version \(configuration.certifier.version))")
        print("  profiles        \(configuration.profilesDirectory): \(setup.pipeline.profiles.profiles.count) profile(s)")
        print("  issuer          \(configuration.signing.issuer)\(setup.didDocument == nil ? "" : " (did.json served)")")
        print("  wallet          \(configuration.wallet.baseURL) as \(configuration.wallet.token.username)")
        print("  store           \(configuration.store)")
        print("  concurrency     \(configuration.worker.concurrency), max attempts \(configuration.worker.retry.maximumAttempts)")
        print("  secrets         resolved (not shown)")
        let contexts = PublishedContexts(configuration: configuration)
        if !contexts.documents.isEmpty {
            print("  contexts        served at \(contexts.documents.keys.sorted().joined(separator: ", "))")
        }
        for reason in contexts.skipped { print("  contexts        not served: \(reason)") }
        for name in setup.pipeline.tsgFormProfiles {
            TSGCompatibleOption.warn("profile '\(name)' (\(setup.pipeline.cryptosuite(forProfile: name) ?? "?"))")
        }
    }
}
