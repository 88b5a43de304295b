import Certifier
import DIDResolution
import Destination
import TSGWallet
import Outbox
import Foundation
import Mapping
import Yams

extension GatewayConfiguration {
    /// Reads and validates a configuration file with the `CERTBRIDGE_*` environment laid over it
    /// (docs/SERVE.md "Environment variables"); without a file (`nil`), the environment alone.
    /// Relative paths are taken from the file's directory (the working directory without a file).
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> GatewayConfiguration
    {
        let file = try ConfigurationFile(path: path, environment: environment)
        return try read(file, name: path ?? ConfigurationFile.environmentOnly)
    }

    /// Validates configuration text with the environment laid over it; every problem is reported at once.
    public static func parse(
        _ text: String, file: String, directory: String, environment: [String: String]
    ) throws(ConfigurationError) -> GatewayConfiguration {
        try read(ConfigurationFile(text: text, file: file, directory: directory, environment: environment), name: file)
    }

    /// The file `--config` names, else `certbridge.yaml` in the working directory when there is
    /// one, else none: the environment alone.
    public static func configurationPath(given: String?) -> String? {
        if let given { return given }
        return FileManager.default.fileExists(atPath: defaultFileName) ? defaultFileName : nil
    }

    /// The file the commands read when `--config` is not given.
    public static let defaultFileName = "certbridge.yaml"

    private static func read(_ file: ConfigurationFile, name: String) throws(ConfigurationError) -> GatewayConfiguration {
        let root = file.root, directory = file.directory, environment = file.environment
        var reader = file.reader()
        reader.append(file.environmentProblems)
        let top = reader.mapping(root ?? Node(""), "", known: ConfigurationSchema.topLevelKeys)
        func resolve(_ path: String) -> String { ConfigurationReader.absolute(path, in: directory) }

        let listenText = reader.string(top, "listen", "listen", default: "127.0.0.1:8080") ?? "127.0.0.1:8080"
        let listen = parseListen(listenText)
        if listen == nil { reader.problem(top?["listen"], "listen", "must be host:port, got '\(listenText)'") }
        let publicURL = reader.optionalString(top, "public_url", "public_url")
        if let publicURL, let problem = Self.publicURLProblem(publicURL) {
            reader.problem(top?["public_url"], "public_url", problem)
        }
        let maxBytes = reader.integer(top, "max_webhook_bytes", "max_webhook_bytes", default: 65_536, range: 256...16_777_216)

        let certifier = reader.mapping(top?["certifier"], "certifier", known: ConfigurationSchema.keys(of: "certifier"))
        let certifierURL = reader.url(certifier, "base_url", "certifier.base_url")
        let apiToken = reader.secret(certifier, "api_token", "certifier.api_token", environment: environment, directory: directory)
        let version = reader.string(certifier, "version", "certifier.version", default: CertifierClient.defaultVersion)
        let webhookSecret = reader.secret(
            certifier, "webhook_secret", "certifier.webhook_secret", environment: environment, directory: directory)

        let profiles = reader.string(top, "profiles", "profiles").map(resolve)
        if let profiles, !isDirectory(profiles) {
            reader.problem(top?["profiles"], "profiles", "directory \(profiles) does not exist")
        }

        let signing = reader.mapping(top?["signing"], "signing", known: ConfigurationSchema.keys(of: "signing"))
        let keyPath = reader.string(signing, "key", "signing.key").map(resolve)
        if let keyPath, !FileManager.default.isReadableFile(atPath: keyPath) {
            reader.problem(signing?["key"], "signing.key", "key file \(keyPath) cannot be read")
        }
        let issuer = reader.string(signing, "issuer", "signing.issuer")
        if let issuer, !issuer.hasPrefix("did:") {
            reader.problem(signing?["issuer"], "signing.issuer", "must be a DID (did:web:… or did:key:…), got '\(issuer)'")
        }
        let strictKeyMode = reader.boolean(signing, "strict_key_mode", "signing.strict_key_mode", default: false)
        let suite = reader.optionalString(signing, "cryptosuite", "signing.cryptosuite")
        let compatibilityText = reader.optionalString(signing, "compatibility", "signing.compatibility")
        let compatibility = compatibilityText.flatMap(ProofCompatibility.init(rawValue:))
        if let compatibilityText, compatibility == nil {
            reader.problem(signing?["compatibility"], "signing.compatibility", "is w3c or tsg, not '\(compatibilityText)'")
        }

        let destinations = readDestinations(top, &reader, environment: environment, directory: directory)

        let store = reader.store(top?["store"], directory: directory, environment: environment)
        let storeOutage = reader.storeOutage(top?["store"]?.mapping)

        let retry = reader.mapping(
            top?["retry"], "retry", known: ConfigurationSchema.keys(of: "retry"), required: false)
        let defaults = RetryPolicy()
        let policy = RetryPolicy(
            initialDelay: reader.duration(retry, "initial_delay", "retry.initial_delay", default: defaults.initialDelay),
            maximumDelay: reader.duration(retry, "max_delay", "retry.max_delay", default: defaults.maximumDelay),
            multiplier: reader.number(retry, "multiplier", "retry.multiplier", default: defaults.multiplier, range: 1...10),
            jitter: reader.number(retry, "jitter", "retry.jitter", default: defaults.jitter, range: 0...1),
            maximumAttempts: reader.integer(
                retry, "max_attempts", "retry.max_attempts", default: defaults.maximumAttempts, range: 1...1000),
            maximumRetryAfter: reader.duration(
                retry, "max_retry_after", "retry.max_retry_after", default: defaults.maximumRetryAfter))

        let delivery = reader.mapping(
            top?["delivery"], "delivery", known: ConfigurationSchema.keys(of: "delivery"), required: false)
        var worker = WorkerConfiguration(
            concurrency: reader.integer(delivery, "concurrency", "delivery.concurrency", default: 4, range: 1...256),
            lease: reader.duration(delivery, "lease", "delivery.lease", default: .seconds(120)),
            pollInterval: reader.duration(delivery, "poll_interval", "delivery.poll_interval", default: .seconds(1)),
            retry: policy)
        Self.readHeartbeat(delivery, &reader, into: &worker)
        let shutdownGrace = reader.duration(delivery, "shutdown_grace", "delivery.shutdown_grace", default: .seconds(25))

        let lifecycle = readLifecycle(top, &reader)
        let didResolution = readDIDResolution(top, &reader, directory: directory)
        let doors = readHolderDoors(top, &reader, environment: environment, directory: directory)

        guard reader.problems.isEmpty, let listen, let certifierURL, let apiToken, let version, let webhookSecret,
            let profiles, let keyPath, let issuer, let store
        else {
            let sorted = reader.problems.sorted { lhs, rhs in
                Self.lineOf(lhs.position) < Self.lineOf(rhs.position)
            }
            throw ConfigurationError(file: name, problems: sorted)
        }
        var configuration = GatewayConfiguration(
            listen: listen, maximumWebhookBytes: maxBytes,
            certifier: .init(baseURL: certifierURL, apiToken: apiToken, version: version, webhookSecret: webhookSecret),
            profilesDirectory: profiles,
            signing: .init(keyPath: keyPath, issuer: issuer, cryptosuite: suite),
            destinations: destinations, store: store, worker: worker)
        configuration.publicBaseURL = publicURL
        configuration.signing.compatibility = compatibility
        configuration.signing.strictKeyMode = strictKeyMode
        configuration.shutdownGrace = shutdownGrace
        configuration.lifecycle = lifecycle
        configuration.storeOutage = storeOutage
        configuration.didResolution = didResolution
        configuration.admin = doors.admin
        configuration.smtp = doors.smtp
        configuration.rateLimit = doors.rateLimit
        configuration.sources = file.sources
        return configuration
    }

    /// `status:` and `reconcile:`, both optional.
    static func readLifecycle(_ top: Node.Mapping?, _ reader: inout ConfigurationReader) -> LifecycleSettings {
        var settings = LifecycleSettings()
        let status = reader.mapping(
            top?["status"], "status", known: ConfigurationSchema.keys(of: "status"), required: false)
        settings.listEntries = reader.integer(
            status, "list_entries", "status.list_entries", default: settings.listEntries, range: 131_072...16_777_216)
        settings.blockSize = reader.integer(status, "block_size", "status.block_size", default: settings.blockSize, range: 1...10_000)
        settings.validity = reader.duration(status, "validity", "status.validity", default: settings.validity)
        settings.renewBefore = reader.duration(status, "renew_before", "status.renew_before", default: settings.renewBefore)
        if settings.renewBefore >= settings.validity || settings.validity < .seconds(60) {
            reader.problem(
                status?["renew_before"] ?? status?["validity"], "status.renew_before",
                "must be shorter than status.validity (at least 1m), so a list is signed again before it expires")
        }
        settings.publishInterval = reader.duration(
            status, "publish_interval", "status.publish_interval", default: settings.publishInterval)
        if settings.publishInterval < .milliseconds(100) {
            reader.problem(status?["publish_interval"], "status.publish_interval", "must be at least 100ms")
        }
        settings.cacheSeconds = reader.integer(
            status, "cache_seconds", "status.cache_seconds", default: settings.cacheSeconds, range: 0...86_400)
        let reconcile = reader.mapping(top?["reconcile"], "reconcile", known: ConfigurationSchema.keys(of: "reconcile"), required: false)
        settings.reconcileInterval = reader.duration(reconcile, "interval", "reconcile.interval", default: settings.reconcileInterval)
        settings.maximumChangeShare = reader.number(
            reconcile, "max_change_share", "reconcile.max_change_share", default: settings.maximumChangeShare, range: 0...1)
        return settings
    }

    /// The destinations: `wallet:` is the TSG wallet's section (as it always was), and
    /// `destinations.<kind>` any kind's; each kind reads its own section. At least one.
    static func readDestinations(
        _ top: Node.Mapping?, _ reader: inout ConfigurationReader, environment: [String: String], directory: String
    ) -> [any DestinationSettings] {
        let kinds = DestinationCatalog.kinds.kinds
        var sections: [(kind: DestinationKind, node: Node, field: String)] = []
        if let wallet = top?["wallet"], let kind = DestinationCatalog.kinds.kind(named: TSGWalletKind.name) {
            sections.append((kind, wallet, "wallet"))
        }
        if let node = top?[ConfigurationSchema.destinationsSection] {
            let mapping = reader.mapping(node, ConfigurationSchema.destinationsSection, known: Set(kinds.map(\.name)))
            for kind in kinds {
                guard let section = mapping?[kind.name] else { continue }
                if sections.contains(where: { $0.kind.name == kind.name }) {
                    reader.problem(section, "destinations.\(kind.name)", "configured twice (also as wallet:); keep one")
                    continue
                }
                sections.append((kind, section, "destinations.\(kind.name)"))
            }
        }
        if sections.isEmpty && top?["destinations"] == nil {
            reader.problem(
                nil, "wallet",
                "no destination: configure the TSG wallet (wallet:) or another kind under destinations: "
                    + "(\(kinds.map(\.name).joined(separator: ", ")); docs/SERVE.md#destinations)")
        }
        var settings: [any DestinationSettings] = []
        for section in sections {
            let sectionReader = SectionReader(
                reader: reader, node: section.node, field: section.field, known: section.kind.settingKeys,
                environment: environment, directory: directory)
            let read = section.kind.readSettings(sectionReader)
            reader = sectionReader.reader
            if let read { settings.append(read) }
        }
        return settings
    }

    /// Why `text` cannot be the public base URL: it must be an absolute https URL (plain http only
    /// on a loopback host, for development), without query or fragment.
    static func publicURLProblem(_ text: String) -> String? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            return "must be an absolute URL such as https://certbridge.example.org, got '\(text)'"
        }
        if url.query != nil || url.fragment != nil { return "must have no query or fragment, got '\(text)'" }
        let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased())
        switch scheme {
        case "https": return nil
        case "http" where loopback: return nil
        default: return "must be https (plain http only on a loopback host, for development), got '\(text)'"
        }
    }

    static func parseListen(_ text: String) -> ListenAddress? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = String(text[..<colon])
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            return nil
        }
        return ListenAddress(host: host, port: port)
    }

    private static func lineOf(_ position: String?) -> Int {
        position.flatMap { Int($0.split(separator: ":").first ?? "") } ?? Int.max
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
