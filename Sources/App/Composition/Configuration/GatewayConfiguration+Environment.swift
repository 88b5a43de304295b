extension GatewayConfiguration {
    /// Every configuration key (dotted path) and the environment variable that sets it
    /// (`store.postgres` → `CERTBRIDGE_STORE_POSTGRES`; each also as `…_FILE`), generated from the
    /// table the YAML reader checks keys against (docs/SERVE.md "Environment variables").
    public static var environmentVariables: [String: String] {
        Dictionary(
            uniqueKeysWithValues: ConfigurationSchema.allPaths().map { path in
                (path.joined(separator: "."), ConfigurationEnvironment.variable(for: path))
            })
    }

    /// The keys holding lists, given in the environment as a flow list (`[10.0.0.0/8, 192.168.0.0/16]`)
    /// or a single value.
    public static var listKeys: Set<String> { ConfigurationSchema.lists }
}
