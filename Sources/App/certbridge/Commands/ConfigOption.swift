import Composition

/// What `--config` means for every command: the file given, else `certbridge.yaml` in the working
/// directory when there is one, else none, the `CERTBRIDGE_*` environment alone (docs/SERVE.md
/// "Environment variables"); the environment is laid over a file in every case.
enum ConfigOption {
    /// The `--config` help's common tail.
    static let help = "Default: certbridge.yaml when present, else the CERTBRIDGE_* environment alone; the environment overrides the file."

    /// The file to read, or `nil` for the environment alone.
    static func path(_ given: String?) -> String? {
        GatewayConfiguration.configurationPath(given: given)
    }

    /// How messages name the configuration.
    static func name(_ given: String?) -> String {
        path(given) ?? "the configuration (environment)"
    }
}
