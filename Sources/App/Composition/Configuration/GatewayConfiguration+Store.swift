import Outbox
import OutboxPostgres
import Foundation
import Logging
import Yams

extension GatewayConfiguration {
    /// Only the outbox settings from a configuration file, for the operator commands
    /// (`certbridge deliveries …`), which must work without the service's other secrets at hand.
    /// A `store.postgres` reference is resolved (its URL carries the database password).
    /// Without a file (`nil`), from the environment alone.
    public static func storeSettings(
        configurationFile path: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> StoreSettings {
        let file = try ConfigurationFile(path: path, environment: environment)
        let root = file.root, directory = file.directory
        var reader = file.reader()
        reader.append(file.environmentProblems(in: "store"))
        let settings = reader.store(root?.mapping?["store"], directory: directory, environment: environment)
        guard reader.problems.isEmpty, let settings else {
            throw ConfigurationError(file: path ?? ConfigurationFile.environmentOnly, problems: reader.problems)
        }
        return settings
    }

    /// The SQLite outbox file of a configuration (an error when it configures PostgreSQL).
    public static func storePath(configurationFile path: String?) throws(ConfigurationError) -> String {
        switch try storeSettings(configurationFile: path) {
        case .sqlite(let file): return file
        case .postgres:
            throw ConfigurationError(
                file: path ?? ConfigurationFile.environmentOnly,
                problems: [.init(position: nil, field: "store.sqlite", message: "this configuration uses store.postgres")])
        }
    }
}

extension GatewayConfiguration.StoreSettings {
    /// Opens the configured outbox. `connections` bounds a PostgreSQL pool and `connectTimeout` each
    /// of its connection attempts (SQLite ignores both).
    public func open(
        connections: Int = 8, connectTimeout: Duration = StoreOutageSettings().connectTimeout,
        logger: Logger = Logger(label: "certbridge.outbox")
    ) throws(OutboxError) -> any OutboxStore {
        switch self {
        case .sqlite(let path): try SQLiteOutboxStore(path: path)
        case .postgres(let url):
            PostgresOutboxStore(url: url, maximumConnections: connections, connectTimeout: connectTimeout, logger: logger)
        }
    }
}

extension ConfigurationReader {
    /// The `store` section: exactly one of `sqlite` (a file) and `postgres` (a secret reference to a URL).
    mutating func store(_ node: Node?, directory: String, environment: [String: String])
        -> GatewayConfiguration.StoreSettings?
    {
        let store = mapping(node, "store", known: ConfigurationSchema.keys(of: "store"))
        guard let store else { return nil }
        switch (store["sqlite"], store["postgres"]) {
        case (.some, .some):
            problem(node, "store", "give either sqlite (one instance) or postgres (several instances), not both")
            return nil
        case (.none, .none):
            problem(node, "store", "missing sqlite: FILE or postgres: ${ENV_NAME} (required)")
            return nil
        case (.some(let sqliteNode), .none):
            guard let sqlite = string(store, "sqlite", "store.sqlite") else { return nil }
            let path = ConfigurationReader.absolute(sqlite, in: directory)
            guard GatewayConfiguration.isDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path) else {
                problem(sqliteNode, "store.sqlite", "directory of \(path) does not exist")
                return nil
            }
            return .sqlite(path: path)
        case (.none, .some(let postgresNode)):
            guard let secret = secret(store, "postgres", "store.postgres", environment: environment, directory: directory)
            else { return nil }
            do {
                return .postgres(try PostgresURL(secret.value))
            } catch {
                // The message describes the URL's fault; the URL itself holds the password and is never shown.
                problem(postgresNode, "store.postgres", "the database URL is not usable: \(error)")
                return nil
            }
        }
    }
}
