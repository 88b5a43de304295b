import ArgumentParser

extension Certbridge {
    /// Every subcommand, one line each so that parallel work merges without conflict.
    static let allSubcommands: [any ParsableCommand.Type] = [
        KeysCommand.self, SignCommand.self, VerifyCommand.self,  // keys, sign, verify (foundations)
        // convert, profiles (mapping)
        ConvertCommand.self,
        ProfilesCommand.self,
        // serve, deliveries, config (gateway)
        ServeCommand.self,
        DeliveriesCommand.self,
        ConfigCommand.self,
    ]
}
