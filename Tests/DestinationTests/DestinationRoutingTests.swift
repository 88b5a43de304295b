import AsyncHTTPClient
import Composition
import Credentials
import Destination
import FileSink
import Foundation
import JSONCanonical
import Mapping
import Outbox
import Pipeline
import Secrets
import TestSupport
import Testing

/// A pull destination as an OpenID4VCI offer will be: it takes VCs unsigned and signs at redemption.
struct RecordingPull: Destination {
    static let kind = DestinationKind(
        name: "test-pull", targets: [.generic], form: PlainCredentialForm(), summary: "a pull for tests", settingKeys: [],
        signsAtRedemption: true, readSettings: { _ in nil })
    var kind: DestinationKind { Self.kind }
    var label: String { "test" }
    func deliver(_ vc: JSONValue, profile: String) async -> DeliveryOutcome { .delivered(receipt: "offer-1") }
}

@Suite("Destination routing: decided when profiles and configuration load, never after signing")
struct DestinationRoutingTests {
    static let mappings = SharedVectors.repositoryFile("mappings")

    func pipeline(_ routes: ProfileRoutes, profiles: ProfileSet) throws -> Pipeline {
        let key = SigningKey.generate(.ed25519)
        return try Pipeline(
            profiles: profiles, key: key, verificationMethod: key.didKeyVerificationMethod,
            registries: Cryptosuites.registries(for: profiles), issuer: "did:web:certbridge.example.org", routes: routes)
    }

    func openBadge() throws -> JSONValue {
        let lines = try String(contentsOf: SharedVectors.repositoryFile("Examples/certifier-credentials.ndjson"), encoding: .utf8)
        return try #require(try lines.split(separator: "\n").map { try JSONValue(parsing: String($0)) }.first { $0["id"] == "01hz9t3u8wx0y1z2a3b4c5d6eh" })
    }

    @Test("a profile no configured destination takes is refused before signing, with its position and the fix")
    func refusal() throws {
        let profiles = try ProfileLoader.load(directory: Self.mappings)
        let wallet = try #require(DestinationCatalog.kinds.kind(named: "tsg-wallet"))
        let settings = try #require(wallet.readSettings(FixedSettings([
            "base_url": "https://wallet.example.org", "token_url": "https://sso.example.org/token", "client_id": "c",
            "username": "u", "password": "p",
        ])))
        let routing = DestinationRouting(
            profiles: profiles, kinds: DestinationCatalog.kinds, destinations: [settings.makeDestination(context: DestinationContext())])
        let reason = try #require(routing.routes.refusal(forProfile: "open-badge-achievement"))
        #expect(reason.contains("configure a 'file' destination"), "\(reason)")
        #expect(routing.diagnostics.map(\.location.line) == [11])
        guard case .refused(_, "open-badge-achievement", _) = try pipeline(routing.routes, profiles: profiles).process(try openBadge()) else {
            Issue.record("expected a refusal")
            return
        }
    }

    @Test("a pull destination gets its VCs unsigned but validated; a push destination gets them signed")
    func pullIsUnsigned() throws {
        let profiles = try ProfileLoader.load(directory: Self.mappings)
        let pull = DestinationRouting(
            profiles: profiles, kinds: DestinationKinds([RecordingPull.kind]), destinations: [RecordingPull()])
        guard case .converted(let unsigned) = try pipeline(pull.routes, profiles: profiles).process(try openBadge()) else {
            Issue.record("the Open Badge did not convert for the pull destination")
            return
        }
        #expect(unsigned.vc["proof"] == nil)
        let push = DestinationRouting(
            profiles: profiles, kinds: DestinationCatalog.kinds, destinations: [FileSink(directory: URL(fileURLWithPath: "/nonexistent"))])
        guard case .converted(let signed) = try pipeline(push.routes, profiles: profiles).process(try openBadge()) else {
            Issue.record("the Open Badge did not convert for the file sink")
            return
        }
        #expect(signed.vc["proof"]?["cryptosuite"] == "eddsa-rdfc-2022")
    }
}

/// Settings given as a dictionary, for reading a kind's section without a configuration file.
final class FixedSettings: DestinationSettingsReader {
    let values: [String: String]
    private(set) var problems: [String] = []
    init(_ values: [String: String]) { self.values = values }
    func string(_ key: String) -> String? { values[key] ?? { problems.append(key); return nil }() }
    func optionalString(_ key: String) -> String? { values[key] }
    func url(_ key: String) -> String? { string(key) }
    func secret(_ key: String, required: Bool) -> Secret? { values[key].map(Secret.init) ?? (required ? { problems.append(key); return nil }() : nil) }
    func path(_ key: String) -> String? { string(key) }
    func duration(_ key: String) -> Duration? { values[key].flatMap(Double.init).map { .seconds($0) } }
    func problem(_ key: String, _ message: String) { problems.append("\(key): \(message)") }
}
