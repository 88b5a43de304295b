import ArgumentParser
import Composition

/// `certbridge config env`: every configuration key and its environment variable.
struct ConfigEnvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "List every configuration key and the CERTBRIDGE_* variable that sets it.",
        discussion: """
            A variable overrides the file; NAME_FILE=/path reads the value from a file (mounted secrets). \
            Secrets are given as values here, not as ${ENV} references. Lists: [a, b] or one value. \
            Without a configuration file the environment alone is read. See docs/SERVE.md "Environment variables".
            """
    )

    func run() {
        let lists = GatewayConfiguration.listKeys
        for (key, variable) in GatewayConfiguration.environmentVariables.sorted(by: { $0.key < $1.key }) {
            print("\(variable.padding(toLength: max(variable.count, 52), withPad: " ", startingAt: 0)) \(key)\(lists.contains(key) ? " (list)" : "")")
        }
    }
}
