import Composition
import Foundation
import Destination
import Gateway
import TestSupport
import Testing

/// A directory with the files the example configuration refers to.
struct ConfigFixture {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("mappings"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("keys"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: directory.appendingPathComponent("keys/issuer.jwk"))
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    func parse(_ text: String, environment: [String: String]) throws -> GatewayConfiguration {
        try GatewayConfiguration.parse(text, file: "certbridge.yaml", directory: directory.path, environment: environment)
    }
}

let exampleEnvironment = [
    "CERTIFIER_API_TOKEN": "cert-token-s3cr3t", "CERTIFIER_WEBHOOK_SECRET": "whsec-s3cr3t", "WALLET_PASSWORD": "pw-s3cr3t",
]

@Suite("serve configuration")
struct ConfigurationTests {
    @Test("the shipped example configuration is valid and resolves its secrets")
    func example() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let text = try String(contentsOf: SharedVectors.repositoryFile("certbridge.example.yaml"), encoding: .utf8)
        let config = try fixture.parse(text, environment: exampleEnvironment)
        #expect(config.listen.description == "127.0.0.1:8080")
        #expect(config.certifier.apiToken.value == "cert-token-s3cr3t")
        #expect(config.certifier.version == "2022-10-26")
        #expect(config.wallet?.token.password.value == "pw-s3cr3t")
        #expect(config.wallet?.token.clientSecret == nil)
        #expect(config.worker.retry.maximumAttempts == 10)
        #expect(config.worker.retry.maximumDelay == .seconds(600))
        #expect(config.worker.lease == .seconds(120))
        #expect(config.shutdownGrace == .seconds(25))
        #expect(config.store == .sqlite(path: fixture.directory.path + "/certbridge-outbox.sqlite"))
        #expect(config.signing.issuer == "did:web:certbridge.example.org")
    }

    @Test("every problem is reported with line:column and field, and no secret value leaks")
    func problems() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let secretFile = fixture.directory.appendingPathComponent("pw")
        try Data("from-file-pw\n".utf8).write(to: secretFile)
        let text = """
            listen: localhost
            certifier:
              base_url: api.certifier.io
              api_token: literal-token-value
              webhook_secret: ${MISSING_SECRET}
              verison: "2022-10-26"
            profiles: nowhere/
            signing:
              key: keys/issuer.jwk
              issuer: https://example.org
            wallet:
              base_url: https://wallet.example.org
              token_url: https://sso.example.org/oauth/token
              client_id: certbridge
              username: u
              password: file:\(secretFile.path)
            store:
              sqlite: outbox.sqlite
            retry:
              initial_delay: soon
            """
        do {
            _ = try fixture.parse(text, environment: [:])
            Issue.record("expected problems")
        } catch let error as ConfigurationError {
            let lines = error.description.split(separator: "\n").map(String.init)
            #expect(lines.contains("certbridge.yaml:1:9: listen: must be host:port, got 'localhost'"))
            #expect(lines.contains("certbridge.yaml:3:13: certifier.base_url: must be an http(s) URL, got 'api.certifier.io'"))
            #expect(lines.contains("certbridge.yaml:4:14: certifier.api_token: secrets must be given as ${ENV_NAME} or file:/path, not written into the file"))
            #expect(lines.contains("certbridge.yaml:5:19: certifier.webhook_secret: environment variable MISSING_SECRET is not set or empty"))
            #expect(lines.contains { $0.hasPrefix("certbridge.yaml:6:3: certifier.verison: unknown key") })
            #expect(lines.contains { $0.hasPrefix("certbridge.yaml:7:11: profiles: directory ") })
            #expect(lines.contains("certbridge.yaml:10:11: signing.issuer: must be a DID (did:web:… or did:key:…), got 'https://example.org'"))
            #expect(lines.contains("certbridge.yaml:20:18: retry.initial_delay: must be a duration such as 500ms, 2s, 10m, 1h or 7d, got 'soon'"))
            #expect(error.problems.count == 8)
            #expect(!error.description.contains("literal-token-value"))
            #expect(!error.description.contains("from-file-pw"))
        }
    }

    @Test("file: secrets lose their trailing newline; durations accept ms, s, m, h")
    func secretsAndDurations() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        try Data("pw-from-file\n".utf8).write(to: fixture.directory.appendingPathComponent("wallet.pw"))
        var text = try String(contentsOf: SharedVectors.repositoryFile("certbridge.example.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "password: ${WALLET_PASSWORD}", with: "password: file:wallet.pw")
        text = text.replacingOccurrences(of: "initial_delay: 2s", with: "initial_delay: 250ms")
        text = text.replacingOccurrences(of: "lease: 2m", with: "lease: 1.5h")
        text = text.replacingOccurrences(of: "shutdown_grace: 25s", with: "shutdown_grace: 40s")
        let config = try fixture.parse(text, environment: exampleEnvironment)
        #expect(config.wallet?.token.password.value == "pw-from-file")
        #expect(config.worker.retry.initialDelay == .milliseconds(250))
        #expect(config.worker.lease == .seconds(5400))
        #expect(config.shutdownGrace == .seconds(40))
    }
}

@Suite("serve configuration: destinations and public_url")
struct DestinationConfigurationTests {
    static let example = (try? String(contentsOf: SharedVectors.repositoryFile("certbridge.example.yaml"), encoding: .utf8)) ?? ""

    /// The example with its `wallet:` section replaced by `replacement`.
    static func withoutWallet(_ replacement: String) -> String {
        let lines = example.split(separator: "\n", omittingEmptySubsequences: false)
        var kept: [Substring] = []
        var skipping = false
        for line in lines {
            if line.hasPrefix("wallet:") { skipping = true; kept.append(Substring(replacement)); continue }
            if skipping, line.hasPrefix(" ") || line.isEmpty { continue }
            skipping = false
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }

    @Test("a file sink alone is a valid configuration; its directory is taken from the file's folder")
    func fileSinkOnly() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let config = try fixture.parse(Self.withoutWallet("destinations:\n  file:\n    directory: out/vcs\n"), environment: exampleEnvironment)
        #expect(config.wallet == nil)
        #expect(config.destinations.map(\.kind.name) == ["file"])
        #expect(config.destinations.first?.label == fixture.directory.path + "/out/vcs")
    }

    @Test("no destination, an unknown kind, a wallet given twice and a file sink without directory are each reported")
    func problems() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        func problems(_ text: String) -> String {
            do {
                _ = try fixture.parse(text, environment: exampleEnvironment)
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(problems(Self.withoutWallet("")).contains("no destination: configure the TSG wallet (wallet:) or another kind"))
        let unknown = problems(Self.example + "\ndestinations:\n  openid4vp:\n    url: https://x\n")
        #expect(
            unknown.contains("destinations.openid4vp") && unknown.contains("unknown key (known: dcp, file, oid4vci, tsg-wallet)"), "\(unknown)")
        let badDCP = problems(Self.example + "\ndestinations:\n  dcp:\n    format: xml\n    token_lifetime: 2h\n")
        #expect(badDCP.contains("destinations.dcp.format") && badDCP.contains("jwt, ldp, json-ld"), "\(badDCP)")
        #expect(badDCP.contains("destinations.dcp.token_lifetime") && badDCP.contains("between 10s and 1h"), "\(badDCP)")
        let twice = problems(Self.example + "\ndestinations:\n  tsg-wallet:\n    base_url: https://w\n")
        #expect(twice.contains("destinations.tsg-wallet") && twice.contains("configured twice"), "\(twice)")
        let noDirectory = problems(Self.example + "\ndestinations:\n  file:\n    folder: x\n")
        #expect(noDirectory.contains("destinations.file.folder") && noDirectory.contains("destinations.file.directory"), "\(noDirectory)")
    }

    @Test("public_url: https, or plain http on loopback only; no query or fragment")
    func publicURL() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        func parse(_ url: String) -> String? {
            do {
                return try fixture.parse("public_url: \(url)\n" + Self.example, environment: exampleEnvironment).publicBaseURL
            } catch {
                return "error: \(error)"
            }
        }
        #expect(parse("https://certbridge.example.org") == "https://certbridge.example.org")
        #expect(parse("http://127.0.0.1:8080") == "http://127.0.0.1:8080")
        #expect(parse("http://certbridge.example.org")?.contains("must be https") == true)
        #expect(parse("https://certbridge.example.org/?x=1")?.contains("no query or fragment") == true)
        #expect(parse("certbridge.example.org")?.contains("absolute URL") == true)
    }
}
