import Composition
import Credentials
import Foundation
import JSONCanonical
import Mapping
import Pipeline
import Testing
import TestSupport
import TSGWallet

/// `proof: { cryptosuite: eddsa-jcs-2022, compatibility: tsg }` in a profile: lint warns, the
/// pipeline signs in TSG form, TSG's verifier and `certbridge verify --tsg-compatible` accept it,
/// a W3C verifier rejects it with a reason that says why.
@Suite("TSG form chosen by a profile option", .serialized)
struct TSGProfileOptionTests {
    /// A copy of mappings/ whose TSG profile's `proof:` block is `proof`.
    static func profiles(proof: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-tsg-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TSGFixtures.mappings, to: folder)
        let file = folder.appendingPathComponent("course-certificate-tsg.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let replaced = text.replacingOccurrences(of: "proof:\n  cryptosuite: JsonWebSignature2020\n", with: proof)
        guard replaced != text else { throw FixtureError("the TSG profile's proof block changed; update this test") }
        try Data(replaced.utf8).write(to: file)
        return folder
    }

    static let tsgProof = "proof:\n  cryptosuite: eddsa-jcs-2022\n  compatibility: tsg\n"

    /// The TSG profile's credential signed by a pipeline over `folder` (the profile chooses the form).
    static func convert(_ folder: URL, issuer: WebIssuer) throws -> JSONValue {
        let profiles = try ProfileLoader.load(directory: folder)
        let pipeline = try Pipeline(
            profiles: profiles, key: issuer.key, verificationMethod: issuer.methodID,
            registries: Cryptosuites.registries(for: profiles), issuer: issuer.did.did, routes: DestinationCatalog.formsOnly, clock: { TSGFixtures.created })
        let form = pipeline.proofCompatibility(forProfile: "course-certificate-tsg")
        #expect(pipeline.tsgFormProfiles == (form == .tsg ? ["course-certificate-tsg"] : []))
        guard case .converted(let converted) = pipeline.process(try TSGFixtures.certifierInput()) else {
            throw FixtureError("the TSG fixture did not convert")
        }
        #expect(converted.profile == "course-certificate-tsg")
        return converted.vc
    }

    @Test("the option loads with a non-standard-proof warning at its file:line:column")
    func lintWarning() throws {
        let folder = try Self.profiles(proof: Self.tsgProof)
        defer { try? FileManager.default.removeItem(at: folder) }
        let set = try ProfileLoader.load(directory: folder)
        let profile = try #require(set.profiles.first { $0.name == "course-certificate-tsg" })
        #expect(profile.proof?.compatibility == .tsg)
        let warning = try #require(set.warnings.first { $0.kind == .nonStandardProof })
        #expect(warning.severity == .warning)
        #expect(warning.location.file.hasSuffix("course-certificate-tsg.yaml"))
        #expect(warning.location.line == 40 && warning.location.column == 18, "\(warning.location)")
        #expect(warning.message.contains("W3C verifiers reject them"))
    }

    @Test("compatibility: tsg is refused where no TSG form exists, and for unknown values", arguments: [
        ("proof:\n  cryptosuite: JsonWebSignature2020\n  compatibility: tsg\n", "has no TSG form"),
        ("proof:\n  compatibility: tsg\n", "needs proof.cryptosuite"),
        ("proof:\n  cryptosuite: eddsa-jcs-2022\n  compatibility: tsj\n", "is w3c (the default) or tsg"),
    ])
    func refused(_ proof: String, _ reason: String) throws {
        let folder = try Self.profiles(proof: proof)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect {
            _ = try ProfileLoader.load(directory: folder, cryptosuites: Cryptosuites.names)
        } throws: { error in
            let errors = (error as? ProfileLoadError)?.errors ?? []
            return errors.contains { $0.message.contains(reason) && $0.location.file.hasSuffix("course-certificate-tsg.yaml") }
        }
    }

    @Test("the profile's proof passes TSG's verifier and our opt-in one, and fails a W3C verifier; without the option the opposite")
    func signsInTSGForm() throws {
        let issuer = try WebIssuer(.ed25519)
        let tsgFolder = try Self.profiles(proof: Self.tsgProof)
        let w3cFolder = try Self.profiles(proof: "proof:\n  cryptosuite: eddsa-jcs-2022\n")
        defer {
            try? FileManager.default.removeItem(at: tsgFolder)
            try? FileManager.default.removeItem(at: w3cFolder)
        }
        let tsgVC = try Self.convert(tsgFolder, issuer: issuer)
        #expect(tsgVC["proof"]?[0]?["cryptosuite"]?.stringValue == "eddsa-jcs-2022")
        for generation in [TSGReferenceVerifier.Generation.hashBytes, .dataIntegrityOnly] {
            #expect(throws: Never.self) { try issuer.tsg(generation).verifyCredential(tsgVC) }
            #expect(throws: TSGReferenceVerifier.Rejection.self) { try issuer.tsg(generation).verifyCredential(TSGFixtures.tampered(tsgVC)) }
        }
        #expect(throws: Never.self) { _ = try issuer.verifier(try TSGFixtures.tsgRegistry()).verify(tsgVC) }
        #expect(throws: DataIntegrityError.self) { _ = try issuer.verifier(try TSGFixtures.standardRegistry()).verify(tsgVC) }

        let w3cVC = try Self.convert(w3cFolder, issuer: issuer)
        #expect(throws: Never.self) { _ = try issuer.verifier(try TSGFixtures.standardRegistry()).verify(w3cVC) }
        #expect(throws: TSGReferenceVerifier.Rejection.self) { try issuer.tsg(.dataIntegrityOnly).verifyCredential(w3cVC) }
    }

    @Test("a pipeline override (--tsg-compatible / signing.compatibility) signs every JCS profile in TSG form")
    func overrideForAll() throws {
        let issuer = try WebIssuer(.ed25519)
        let folder = try Self.profiles(proof: "proof:\n  cryptosuite: eddsa-jcs-2022\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let profiles = try ProfileLoader.load(directory: folder)
        let pipeline = try Pipeline(
            profiles: profiles, key: issuer.key, verificationMethod: issuer.methodID,
            registries: Cryptosuites.registries(for: profiles), compatibility: .tsg, issuer: issuer.did.did, routes: DestinationCatalog.formsOnly, clock: { TSGFixtures.created })
        // Every JCS profile in TSG form; the Open Badge keeps its RDF suite, which has no TSG form.
        #expect(pipeline.tsgFormProfiles == ["course-certificate-tsg", "course-certificate-v2"])
        #expect(pipeline.proofCompatibility(forProfile: "open-badge-achievement") == .w3c)
        guard case .converted(let converted) = pipeline.process(try TSGFixtures.certifierInput()) else {
            throw FixtureError("the TSG fixture did not convert")
        }
        #expect(throws: Never.self) { try issuer.tsg(.dataIntegrityOnly).verifyCredential(converted.vc) }
        #expect(throws: DataIntegrityError.self) { _ = try issuer.verifier(try TSGFixtures.standardRegistry()).verify(converted.vc) }
    }

    @Test("certbridge profiles lint warns; verify rejects with the reason, verify --tsg-compatible accepts")
    func commandLine() async throws {
        let issuer = try WebIssuer(.ed25519)
        let folder = try Self.profiles(proof: Self.tsgProof)
        defer { try? FileManager.default.removeItem(at: folder) }
        let vcFile = folder.appendingPathComponent("vc.json")
        let didFile = folder.appendingPathComponent("did.json")
        try Data(try Self.convert(folder, issuer: issuer).prettyString.utf8).write(to: vcFile)
        try Data(issuer.document.prettyString.utf8).write(to: didFile)

        let lint = try await Self.run(["profiles", "lint", folder.path])
        #expect(lint.status == 0, "\(lint.output)")
        #expect(lint.output.contains("course-certificate-tsg.yaml:40:18: warning: non-standard proof:"), "\(lint.output)")

        let standard = try await Self.run(["verify", vcFile.path, "--did-doc", didFile.path, "--contexts", folder.path])
        #expect(standard.status == 1)
        #expect(standard.output.contains("FAILED"))
        #expect(standard.output.contains("TSG's non-standard form"), "\(standard.output)")
        #expect(standard.output.contains("--tsg-compatible"))

        let tsg = try await Self.run(["verify", vcFile.path, "--did-doc", didFile.path, "--contexts", folder.path, "--tsg-compatible"])
        #expect(tsg.status == 0, "\(tsg.output)")
        #expect(tsg.output.contains("1 verified, 0 failed"))
    }

    @Test("convert --tsg-compatible warns on standard error and its output verifies only with --tsg-compatible")
    func convertFlag() async throws {
        let issuer = try WebIssuer(.ed25519)
        let folder = try Self.profiles(proof: "proof:\n  cryptosuite: eddsa-jcs-2022\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("issuer.jwk")
        let didFile = folder.appendingPathComponent("did.json")
        let vcFile = folder.appendingPathComponent("vc.json")
        try issuer.key.save(to: keyFile.path)
        try Data(issuer.document.prettyString.utf8).write(to: didFile)
        let input = folder.appendingPathComponent("fixtures/tsg-lookup-holder-no-expiry/input.json").path
        let base = ["convert", input, "--profiles", folder.path, "--key", keyFile.path, "--issuer", issuer.did.did, "--out", vcFile.path]

        let plain = try await Self.run(base)
        #expect(plain.status == 0, "\(plain.output)")
        #expect(!plain.output.contains("warning: profile 'course-certificate-tsg'"))
        let w3c = try await Self.run(["verify", vcFile.path, "--did-doc", didFile.path])
        #expect(w3c.output.contains("1 verified, 0 failed"), "\(w3c.output)")

        let converted = try await Self.run(base + ["--tsg-compatible"])
        #expect(converted.status == 0, "\(converted.output)")
        #expect(converted.output.contains("warning: profile 'course-certificate-tsg' (eddsa-jcs-2022): proofs in TSG form"))
        let vc = try JSONValue(parsing: Array(try Data(contentsOf: vcFile)))
        #expect(throws: Never.self) { try issuer.tsg(.dataIntegrityOnly).verifyCredential(vc) }
        let standard = try await Self.run(["verify", vcFile.path, "--did-doc", didFile.path])
        #expect(standard.status == 1, "\(standard.output)")
        let tsg = try await Self.run(["verify", vcFile.path, "--did-doc", didFile.path, "--tsg-compatible"])
        #expect(tsg.output.contains("1 verified, 0 failed"), "\(tsg.output)")
    }

    @Test("sign --tsg-compatible makes a proof TSG's verifier accepts and warns; without it the W3C form")
    func signFlag() async throws {
        let issuer = try WebIssuer(.ed25519)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-tsg-sign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let keyFile = folder.appendingPathComponent("issuer.jwk")
        let unsigned = folder.appendingPathComponent("unsigned.json")
        try issuer.key.save(to: keyFile.path)
        try Data(try TSGFixtures.unsignedCredential(issuer: issuer.did.did).prettyString.utf8).write(to: unsigned)
        let arguments = ["sign", unsigned.path, "--key", keyFile.path, "--verification-method", issuer.methodID, "--suite", "eddsa-jcs-2022"]

        let tsg = try await Self.run(arguments + ["--tsg-compatible"])
        #expect(tsg.status == 0, "\(tsg.output)")
        #expect(tsg.output.contains("warning: --tsg-compatible: proofs in TSG form"))
        let tsgVC = try JSONValue(parsing: tsg.stdout)
        #expect(throws: Never.self) { try issuer.tsg(.dataIntegrityOnly).verifyCredential(tsgVC) }
        #expect(throws: DataIntegrityError.self) { _ = try issuer.verifier(try TSGFixtures.standardRegistry()).verify(tsgVC) }

        let w3c = try await Self.run(arguments)
        #expect(!w3c.output.contains("warning"))
        let w3cVC = try JSONValue(parsing: w3c.stdout)
        #expect(throws: Never.self) { _ = try issuer.verifier(try TSGFixtures.standardRegistry()).verify(w3cVC) }
    }

    /// Runs the built `certbridge` (``BuiltExecutable``).
    static func run(_ arguments: [String]) async throws -> CommandRun {
        try await BuiltExecutable.run("certbridge", arguments: arguments)
    }
}
