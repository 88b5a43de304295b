import Composition
import CertbridgeDemo
import Credentials
import Outbox
import Foundation
import JSONCanonical
import Mapping
import Pipeline
import TestSupport
import Testing

/// A fresh work directory for one demo run.
private func demoDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-demo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

private func options(_ directory: URL, examples: String? = nil) -> DemoOptions {
    DemoOptions(
        directory: directory.path,
        examples: examples ?? SharedVectors.repositoryFile("Examples/certifier-credentials.ndjson").path,
        profiles: SharedVectors.repositoryFile("mappings").path, timeout: .seconds(60))
}

/// A verifier that knows only the did.json made from the key in the work directory, so the
/// wallet's copies are checked independently of what the gateway served.
private func verifierFromKey(in directory: URL) throws -> DataIntegrityVerifier {
    let key = try SigningKey.load(from: directory.appendingPathComponent("issuer.jwk").path)
    let document = try DIDWeb(parsing: Demo.issuer).document(for: key.publicKey, fragment: key.keyID ?? "key-1")
    let profiles = try ProfileLoader.load(directory: SharedVectors.repositoryFile("mappings"))
    return DataIntegrityVerifier(resolver: try DIDResolver(documents: [document]), registry: Cryptosuites.registries(for: profiles).w3c)
}

@Suite("certbridge-demo: the main job on the bundled examples", .serialized)
struct DemoTests {
    @Test("bundled examples: the wallet-bound ones are delivered once and verify; wallet.ndjson verifies; no secret printed")
    func bundledExamples() async throws {
        let directory = try demoDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try await Demo.run(options(directory))

        #expect(report.exitCode == 0, "\(report.text)")
        #expect(report.checks.count == 3)
        #expect(report.checks.allSatisfy { $0.passed }, "\(report.text)")
        #expect(report.credentials.map(\.sourceId) == [
            "01hz2f0c9ryvzajg20jqh9taab", "01hz3k7m2qp4r5s6t7v8w9x0yb", "01hz7r1s6uv8w9x0y1z2a3b4cf", "01hz9t3u8wx0y1z2a3b4c5d6eh",
        ])
        #expect(report.summary == "3 delivered, 1 dead, 0 no match; 3 verified in the wallet", "\(report.text)")
        #expect(report.text.hasSuffix("\n3 delivered, 1 dead, 0 no match; 3 verified in the wallet\n"))
        for credential in report.credentials where credential.state == .delivered {
            #expect(credential.receipt?.hasPrefix("rec-") == true)
        }
        // The Open Badge's profile is not made for the TSG wallet: the gateway refuses it before any request.
        let badge = try #require(report.credentials.last)
        #expect(badge.profile == "open-badge-achievement")
        #expect(badge.target == "generic")
        #expect(badge.state == .dead)
        #expect(badge.reason?.contains("has target 'generic'") == true, "\(badge.reason ?? "")")

        let lines = try String(contentsOf: directory.appendingPathComponent("wallet.ndjson"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 3)
        let verifier = try verifierFromKey(in: directory)
        for line in lines {
            let vc = try JSONValue(parsing: String(line))
            #expect(try verifier.verify(vc).issuerDID == Demo.issuer)
        }
        let published = try JSONValue(parsing: String(contentsOf: directory.appendingPathComponent("did.json"), encoding: .utf8))
        #expect(published["id"] == .string(Demo.issuer))

        let keyMode = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("issuer.jwk").path)[.posixPermissions]
        #expect((keyMode as? NSNumber)?.intValue == 0o600)
        for name in ["certifier.token", "webhook.secret", "wallet.pw"] {
            let secret = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(secret.count >= 16)
            #expect(!report.text.contains(secret))
        }
    }

    @Test("an existing key is reused; an example no profile takes fails the run with exit status 1")
    func unmatchedExampleFails() async throws {
        let directory = try demoDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("issuer.jwk").path
        try SigningKey.generate(.ed25519).save(to: keyPath)
        let keyBefore = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        let bundled = try String(contentsOf: SharedVectors.repositoryFile("Examples/certifier-credentials.ndjson"), encoding: .utf8)
        var stranger = try #require(try JSONValue(parsing: String(bundled.split(separator: "\n")[0])).objectValue)
        stranger["id"] = "01demostrangergroup0000000"
        stranger["groupId"] = "01nogroupanyprofiletakes00"
        let examples = directory.appendingPathComponent("examples.ndjson")
        try Data((bundled.trimmingCharacters(in: .newlines) + "\n" + JSONValue.object(stranger).compactString + "\n").utf8)
            .write(to: examples)

        let report = try await Demo.run(options(directory, examples: examples.path))

        #expect(report.exitCode == 1)
        #expect(!report.succeeded)
        #expect(report.summary == "3 delivered, 1 dead, 1 no match; 3 verified in the wallet", "\(report.text)")
        let unmatched = try #require(report.credentials.last)
        #expect(unmatched.state == .noMatch)
        #expect(!unmatched.passed)
        #expect(report.text.contains("FAIL  01demostrangergroup0000000"))
        #expect(report.text.contains("reused"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: keyPath)) == keyBefore)
        #expect(try verifierFromKey(in: directory).verify(
            try JSONValue(parsing: String(contentsOf: directory.appendingPathComponent("wallet.ndjson"), encoding: .utf8)
                .split(separator: "\n")[0].description)).issuerDID == Demo.issuer)
    }

    @Test("a missing examples file is an error that names it")
    func missingExamples() async throws {
        let directory = try demoDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        await #expect {
            _ = try await Demo.run(options(directory, examples: directory.appendingPathComponent("none.ndjson").path))
        } throws: { error in
            "\(error)".contains("none.ndjson not found")
        }
    }
}

@Suite("certbridge-demo as a process")
struct DemoProcessTests {
    @Test("from the repository root with the defaults but --dir: exit status 0 and the closing line on stdout")
    func binary() async throws {
        let directory = try demoDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await BuiltExecutable.run(
            "certbridge-demo", arguments: ["--dir", directory.path], in: SharedVectors.repositoryFile("."))
        let text = run.stdout
        #expect(run.status == 0, "\(text)")
        #expect(text.hasSuffix("\n3 delivered, 1 dead, 0 no match; 3 verified in the wallet\n"), "\(text)")
        let lines = try String(contentsOf: directory.appendingPathComponent("wallet.ndjson"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let verifier = try verifierFromKey(in: directory)
        for line in lines { _ = try verifier.verify(try JSONValue(parsing: String(line))) }
    }
}
