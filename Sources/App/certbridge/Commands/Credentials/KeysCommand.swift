import ArgumentParser
import Credentials

/// `certbridge keys`: signing keys as JWK files.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create and inspect signing keys (JWK files), their did:key and a did:web document.",
        subcommands: [KeysGenerateCommand.self, KeysShowCommand.self, KeysRotateCommand.self, KeysRetireCommand.self]
    )
}

extension KeyType: ExpressibleByArgument {
    /// `ed25519`, `p256`, `p384`, `rsa`.
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased().replacingOccurrences(of: "-", with: ""))
    }

    /// The accepted values, for help.
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
