import Composition
import Foundation
import TestSupport
import Testing

@Suite("serve configuration: from the environment")
struct ConfigurationEnvironmentTests {
    private func example() throws -> String {
        try String(contentsOf: SharedVectors.repositoryFile("certbridge.example.yaml"), encoding: .utf8)
    }

    /// The configuration with its sources blanked, dumped with every stored value (secrets' too),
    /// so two loads can be compared whatever each value's type. The lines are sorted (sets dump in
    /// any order; each line still names its field) and the worker's random owner id left out.
    private func dumped(_ configuration: GatewayConfiguration) -> [String] {
        var configuration = configuration
        configuration.sources = [:]
        var text = ""
        dump(configuration, to: &text)
        return text.split(separator: "\n").map(String.init).filter { !$0.contains("- owner: ") }.sorted()
    }

    /// `text` without the line of `key` (a dotted path in the example's two-space indentation),
    /// and that line's value with its comment and quotes removed.
    private func removing(_ key: String, from text: String) throws -> (text: String, value: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var start = 0
        var indent = ""
        for (depth, part) in key.split(separator: ".").enumerated() {
            let prefix = indent + part + ":"
            let index = try #require(
                lines[start...].firstIndex { $0.hasPrefix(prefix) }, "\(key): no line \(prefix) in the example")
            if depth == key.split(separator: ".").count - 1 {
                var value = String(lines[index].dropFirst(prefix.count))
                if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
                value = value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                lines.remove(at: index)
                return (lines.joined(separator: "\n"), value)
            }
            start = index + 1
            indent += "  "
        }
        throw CancellationError()
    }

    /// The example with its commented-out keys switched on (all but the alternatives to keys it
    /// already sets: a key ring for `signing.key`, PostgreSQL for `store.sqlite`).
    private func fullExample() throws -> String {
        let commentedKey = try Regex(#"^(\s*)# (\s*[a-z0-9_-]+:.*)$"#)
        return try example().split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard let match = line.wholeMatch(of: commentedKey), !line.contains("keys/ring"), !line.contains("${DATABASE_URL}"),
                let indent = match.output[1].substring, let rest = match.output[2].substring
            else { return String(line) }
            return String(indent + rest)
        }.joined(separator: "\n")
    }

    /// What the full example's secrets and files need.
    private static let fullEnvironment = exampleEnvironment.merging(
        ["WALLET_CLIENT_SECRET": "client-s3cret", "SMTP_PASSWORD": "smtp-s3cret", "ADMIN_TOKEN": "admin-token-s3cret-0123456789"]
    ) { $1 }

    @Test(
        "every key of certbridge.example.yaml, commented-out ones included, can come from its environment variable instead, with the same effect",
        arguments: [false, true])
    func everyExampleKey(commentedOutToo: Bool) throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        try FileManager.default.createDirectory(at: fixture.directory.appendingPathComponent("certs"), withIntermediateDirectories: true)
        try Data("-----BEGIN CERTIFICATE-----\n".utf8).write(to: fixture.directory.appendingPathComponent("certs/lab-ca.pem"))
        let text = commentedOutToo ? try fullExample() : try example()
        let fromFile = try fixture.parse(text, environment: Self.fullEnvironment)
        // The file's keys, as the reader found them: the walk covers whatever the example holds.
        let keys = fromFile.sources.keys.sorted()
        #expect(keys.count >= (commentedOutToo ? 74 : 25))
        #expect(fromFile.sources.values.allSatisfy { $0 == .file })
        for key in keys {
            let variable = try #require(GatewayConfiguration.environmentVariables[key], "\(key) has no variable")
            let (rest, fileValue) = try removing(key, from: text)
            // A secret's reference in the file becomes its value in the environment, as containers pass it.
            var value = fileValue
            if value.hasPrefix("${"), value.hasSuffix("}") {
                value = try #require(Self.fullEnvironment[String(value.dropFirst(2).dropLast())])
            }
            var environment = Self.fullEnvironment
            environment[variable] = value
            let fromEnvironment: GatewayConfiguration
            do {
                fromEnvironment = try fixture.parse(rest, environment: environment)
            } catch {
                Issue.record("\(key) from \(variable): \(error)")
                continue
            }
            #expect(fromEnvironment.sources[key] == .environment(variable: variable), "\(key)")
            #expect(dumped(fromEnvironment) == dumped(fromFile), "\(key) from \(variable) differs from the file's")
        }
    }

    @Test("every key has one variable, CERTBRIDGE_ and its path upper-cased with . and - as _, none another's _FILE form")
    func variableNames() throws {
        let variables = GatewayConfiguration.environmentVariables
        #expect(variables.count >= 70)
        #expect(Set(variables.values).count == variables.count)
        for (key, variable) in variables {
            #expect(variable == "CERTBRIDGE_" + key.uppercased().replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "-", with: "_"))
            #expect(!Set(variables.values).contains(variable + "_FILE"), "\(variable)")
        }
        #expect(variables["store.postgres"] == "CERTBRIDGE_STORE_POSTGRES")
        #expect(variables["signing.strict_key_mode"] == "CERTBRIDGE_SIGNING_STRICT_KEY_MODE")
        #expect(variables["destinations.tsg-wallet.base_url"] == "CERTBRIDGE_DESTINATIONS_TSG_WALLET_BASE_URL")
        #expect(variables["destinations.oid4vci.offer_ttl"] == "CERTBRIDGE_DESTINATIONS_OID4VCI_OFFER_TTL")
        #expect(variables["did_resolution.max_bytes"] == "CERTBRIDGE_DID_RESOLUTION_MAX_BYTES")
    }

    @Test("the environment overrides the file, and config check's sources say so")
    func overridesFile() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        var environment = exampleEnvironment
        environment["CERTBRIDGE_DELIVERY_LEASE"] = "30s"
        environment["CERTBRIDGE_SIGNING_STRICT_KEY_MODE"] = "true"
        let config = try fixture.parse(try example(), environment: environment)
        #expect(config.worker.lease == .seconds(30))
        #expect(config.signing.strictKeyMode)
        #expect(config.sources["delivery.lease"] == .environment(variable: "CERTBRIDGE_DELIVERY_LEASE"))
        #expect(config.sources["delivery.poll_interval"] == .file)
    }

    @Test("a malformed value names its variable and key, not a line of the file")
    func typedErrors() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let cases = [
            ("CERTBRIDGE_DELIVERY_LEASE", "abc", "CERTBRIDGE_DELIVERY_LEASE (delivery.lease): must be a duration such as 500ms, 2s, 10m, 1h or 7d, got 'abc'"),
            ("CERTBRIDGE_SIGNING_STRICT_KEY_MODE", "yes", "CERTBRIDGE_SIGNING_STRICT_KEY_MODE (signing.strict_key_mode): must be true or false"),
            ("CERTBRIDGE_RETRY_MAX_ATTEMPTS", "0", "CERTBRIDGE_RETRY_MAX_ATTEMPTS (retry.max_attempts): must be a whole number in 1...1000"),
            ("CERTBRIDGE_RATE_LIMIT_TRUSTED_PROXIES", "[10.0.0.0/8", "CERTBRIDGE_RATE_LIMIT_TRUSTED_PROXIES (rate_limit.trusted_proxies): expected a list like [a, b], got '[10.0.0.0/8'"),
        ]
        for (variable, value, expected) in cases {
            var environment = exampleEnvironment
            environment[variable] = value
            let error = try #require(throws: ConfigurationError.self) { try fixture.parse(try example(), environment: environment) }
            #expect(error.description == expected)
        }
    }

    @Test("secrets: literal values or NAME_FILE, trailing newline dropped; never echoed; both forms at once refused")
    func secrets() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let tokenFile = fixture.directory.appendingPathComponent("token")
        try Data("file-token-s3cret\n".utf8).write(to: tokenFile)
        var environment = exampleEnvironment
        environment["CERTBRIDGE_CERTIFIER_API_TOKEN_FILE"] = tokenFile.path
        environment["CERTBRIDGE_WALLET_PASSWORD"] = "env-pw-s3cret"
        let config = try fixture.parse(try example(), environment: environment)
        #expect(config.certifier.apiToken.value == "file-token-s3cret")
        #expect(config.wallet?.token.password.value == "env-pw-s3cret")
        #expect(config.sources["certifier.api_token"] == .environmentFile(variable: "CERTBRIDGE_CERTIFIER_API_TOKEN_FILE", path: tokenFile.path))
        #expect(!config.sources.description.contains("s3cret"))

        environment["CERTBRIDGE_ADMIN_TOKEN"] = "short-s3cret"
        environment["CERTBRIDGE_CERTIFIER_WEBHOOK_SECRET_FILE"] = "/nonexistent/secret"
        environment["CERTBRIDGE_WALLET_PASSWORD_FILE"] = tokenFile.path
        let error = try #require(throws: ConfigurationError.self) { try fixture.parse(try example(), environment: environment) }
        let lines = error.description.split(separator: "\n").map(String.init)
        #expect(lines.contains("CERTBRIDGE_ADMIN_TOKEN (admin.token): must be at least 16 characters (it guards offers and their codes)"))
        #expect(lines.contains("CERTBRIDGE_CERTIFIER_WEBHOOK_SECRET_FILE (certifier.webhook_secret): file /nonexistent/secret cannot be read"))
        #expect(lines.contains("CERTBRIDGE_WALLET_PASSWORD (wallet.password): set either CERTBRIDGE_WALLET_PASSWORD or CERTBRIDGE_WALLET_PASSWORD_FILE, not both"))
        #expect(!error.description.contains("s3cret"))
    }

    @Test("a CERTBRIDGE_ variable shaped like a key but matching none is an error naming the closest; other tools' are ignored")
    func unknownVariables() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        var environment = exampleEnvironment
        environment["CERTBRIDGE_TEST_POSTGRES_URL"] = "postgres://ignored"
        environment["CERTBRIDGE_REQUIRE_RELOCATABLE_BINARY"] = "1"
        _ = try fixture.parse(try example(), environment: environment)
        environment["CERTBRIDGE_STORE_URL"] = "x"
        environment["CERTBRIDGE_DELIVERY_CONCURENCY"] = "8"
        let error = try #require(throws: ConfigurationError.self) { try fixture.parse(try example(), environment: environment) }
        let lines = error.description.split(separator: "\n").map(String.init)
        #expect(lines.contains("CERTBRIDGE_STORE_URL: not a configuration key; did you mean CERTBRIDGE_STORE_SQLITE?"))
        #expect(lines.contains("CERTBRIDGE_DELIVERY_CONCURENCY: not a configuration key; did you mean CERTBRIDGE_DELIVERY_CONCURRENCY?"))
        #expect(lines.count == 2)
    }

    @Test("without a file: the environment alone; lists as [a, b]; the store's alternative replaces the file's")
    func withoutFile() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let directory = fixture.directory.path
        let environment = [
            "CERTBRIDGE_CERTIFIER_BASE_URL": "https://api.certifier.io",
            "CERTBRIDGE_CERTIFIER_API_TOKEN": "cert-token-s3cr3t",
            "CERTBRIDGE_CERTIFIER_WEBHOOK_SECRET": "whsec-s3cr3t",
            "CERTBRIDGE_PROFILES": directory + "/mappings",
            "CERTBRIDGE_SIGNING_KEY": directory + "/keys/issuer.jwk",
            "CERTBRIDGE_SIGNING_ISSUER": "did:web:certbridge.example.org",
            "CERTBRIDGE_DESTINATIONS_FILE_DIRECTORY": directory,
            "CERTBRIDGE_STORE_SQLITE": directory + "/outbox.sqlite",
            "CERTBRIDGE_RATE_LIMIT_TRUSTED_PROXIES": "[10.0.0.0/8, 127.0.0.1/32]",
            "CERTBRIDGE_DID_RESOLUTION_ALLOW_NETWORKS": "10.20.0.0/16",
            "CERTBRIDGE_PUBLIC_URL": "",  // empty counts as unset
        ]
        let config = try GatewayConfiguration.load(path: nil, environment: environment)
        #expect(config.store == .sqlite(path: directory + "/outbox.sqlite"))
        #expect(config.rateLimit.trustedProxies.map(\.description) == ["10.0.0.0/8", "127.0.0.1/32"])
        #expect(config.didResolution.allowNetworks.map(\.description) == ["10.20.0.0/16"])
        #expect(config.publicBaseURL == nil)
        #expect(config.destinations.map(\.kind.name) == ["file"])
        #expect(try GatewayConfiguration.storeSettings(configurationFile: nil, environment: environment) == config.store)

        var postgres = exampleEnvironment
        postgres["CERTBRIDGE_STORE_POSTGRES"] = "postgresql://gateway:pw-s3cret@db.internal/outbox"
        let fromFile = try fixture.parse(try example(), environment: postgres)
        guard case .postgres(let url) = fromFile.store else {
            Issue.record("expected the environment's postgres store over the file's sqlite, got \(fromFile.store)")
            return
        }
        #expect(url.host == "db.internal")
        #expect(fromFile.sources["store.sqlite"] == nil)

        let missing = try #require(throws: ConfigurationError.self) { try GatewayConfiguration.load(path: nil, environment: [:]) }
        #expect(missing.description.contains("(environment): certifier: missing section"))
    }
}
