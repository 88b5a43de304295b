import ArgumentParser

extension Certbridge {
    /// Every subcommand, one line each so that parallel work merges without conflict.
    static let allSubcommands: [any ParsableCommand.Type] = [
        KeysCommand.self, SignCommand.self, VerifyCommand.self,  // keys, sign, verify (foundations)
        ConvertCommand.self, ProfilesCommand.self,  // convert, profiles (mapping)
        ServeCommand.self, DeliveriesCommand.self, ConfigCommand.self,  // serve, deliveries, config (gateway)
        RevokeCommand.self, SuspendCommand.self, UnsuspendCommand.self,  // status changes (lifecycle)
        StatusCommand.self, AuditCommand.self,  // status show/export, audit trail (lifecycle)
        BackfillCommand.self, ReissueCommand.self,  // backfill, reissue (lifecycle)
        OffersCommand.self,  // OpenID4VCI offers
        StoreCommand.self,  // store backup/restore (ops)
    ]
}
