import Composition
import Foundation
import Gateway
import Mapping
import Testing

@Suite("signing.compatibility in the gateway configuration", .serialized)
struct SigningCompatibilityTests {
    /// The harness's configuration with `line` added to its `signing:` block.
    private func configure(_ harness: ServeHarness, signing line: String) throws {
        let url = URL(fileURLWithPath: harness.configPath)
        let text = try String(contentsOf: url, encoding: .utf8)
        let issuer = "  issuer: did:web:certbridge.example.org\n"
        #expect(text.contains(issuer))
        try Data(text.replacingOccurrences(of: issuer, with: issuer + "  \(line)\n").utf8).write(to: url)
    }

    @Test("tsg signs every JCS profile in TSG form and leaves RDF suites alone; unset, the profiles choose")
    func tsgForJCSProfiles() async throws {
        let harness = try await ServeHarness()
        let standard = try GatewayParts(configuration: try GatewayConfiguration.load(path: harness.configPath, environment: [:]))
        #expect(standard.pipeline.tsgFormProfiles.isEmpty)

        try configure(harness, signing: "compatibility: tsg")
        let configuration = try GatewayConfiguration.load(path: harness.configPath, environment: [:])
        #expect(configuration.signing.compatibility == .tsg)
        let setup = try GatewayParts(configuration: configuration)
        // course-certificate-v2 has no proof.cryptosuite: the Ed25519 default eddsa-jcs-2022, now in TSG form;
        // the TSG profile (JsonWebSignature2020) and the Open Badge (eddsa-rdfc-2022) have no TSG form.
        #expect(setup.pipeline.tsgFormProfiles == ["course-certificate-v2"])
        #expect(setup.pipeline.proofCompatibility(forProfile: "open-badge-achievement") == .w3c)
        await harness.stop()
    }

    @Test("an unknown value is a configuration error at its line and column")
    func unknownValue() async throws {
        let harness = try await ServeHarness()
        try configure(harness, signing: "compatibility: tsj")
        #expect {
            _ = try GatewayConfiguration.load(path: harness.configPath, environment: [:])
        } throws: { error in
            let problems = (error as? ConfigurationError)?.problems ?? []
            return problems.contains { $0.field == "signing.compatibility" && $0.message.contains("w3c or tsg") && $0.position != nil }
        }
        await harness.stop()
    }
}
