import ArgumentParser

/// The `certbridge` command: Certifier credentials into W3C Verifiable Credential wallets.
@main
struct Certbridge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certbridge",
        abstract: "Bridge Certifier credentials into W3C Verifiable Credential wallets.",
        version: "0.1.0",
        subcommands: Certbridge.allSubcommands
    )
}
