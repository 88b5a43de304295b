import ArgumentParser
import Composition
import Credentials
import Foundation
import JSONCanonical
import StatusList
import TSGWallet

/// `certbridge verify`: checks every proof of every credential given.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the Data Integrity proofs of credentials (JSON, JSON array or NDJSON) and VC-JWTs.",
        discussion: """
            Prints one line per credential with the reason when it fails, then 'N verified, N failed'. \
            Exits 0 only when every credential verifies. did:key and did:jwk methods resolve by themselves; \
            did:web documents are fetched over https (public addresses only unless --allow-network; \
            --offline fetches nothing), and a did.json given with --did-doc wins for its DID. With \
            --status-list, a credential's BitstringStatusListEntry is read against the list given for its \
            URL (whose own proof and validity dates are checked first): revoked or suspended fails. \
            A line (or JSON string) that is a compact JWT is verified as a VC-JWT (VC 1.1 'vc' claim or \
            VC 2.0 vc+jwt); the line names the form.
            """
    )

    @Argument(help: "Credential files (JSON, a JSON array, or NDJSON), or - for standard input.")
    var inputs: [String]

    @Option(name: .customLong("did-doc"), help: "A DID document (did.json) to resolve verification methods from; repeatable.")
    var didDocuments: [String] = []

    @Option(
        name: .customLong("status-list"),
        help: ArgumentHelp(
            "A signed BitstringStatusListCredential for the status checks, as URL=FILE (the URL credentials cite); repeatable.",
            valueName: "url=file"))
    var statusLists: [String] = []

    @Option(name: .customLong("proof-purpose"), help: "The proof purpose every proof must have.")
    var proofPurpose = "assertionMethod"

    @OptionGroup var linkedData: LinkedDataOptions

    @OptionGroup var tsg: TSGCompatibleOption

    @OptionGroup var network: DIDNetworkOptions

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one credential file, or - for standard input") }
    }

    func run() async throws {
        var resolver: DIDResolver
        do {
            resolver = try DIDResolver()
        } catch {
            throw CommandFailure(error.description)
        }
        for path in didDocuments {
            do {
                try resolver.add(try CredentialInput.readJSON(path))
            } catch {
                throw CommandFailure("--did-doc \(path): \(error)")
            }
        }
        let items = try inputs.flatMap { try CredentialInput.read($0) }
        try await network.prefetch(for: items.compactMap { try? $0.document.get() }, statusLists: statusLists, into: &resolver)
        let registries = Cryptosuites.registries(contexts: try linkedData.contextStore())
        let verifier = DataIntegrityVerifier(resolver: resolver, registry: tsg.registry(from: registries))
        // Only to explain a failure: a proof this accepts is in TSG's non-standard form.
        let tsgForm = tsg.tsgCompatible ? nil : registries.tsgForm.map { DataIntegrityVerifier(resolver: resolver, registry: $0) }
        let lists = try StatusListOption.load(statusLists, verifier: verifier)
        var verified = 0
        var failed = 0
        for item in items {
            let label = Self.label(item)
            if case .success(.string(let token)) = item.document {
                let passed = await Self.verifyJWT(token, label: label, resolver: resolver, lists: lists)
                if passed { verified += 1 } else { failed += 1 }
                continue
            }
            do {
                let document = try item.document.get()
                let result = try verifier.verify(document, expectedProofPurpose: proofPurpose)
                var line = "verified \(label): \(result.proofs.map(\.description).joined(separator: "; "))"
                if let status = try CredentialStatus.of(document, lists: lists) {
                    switch status {
                    case .revoked, .suspended:
                        failed += 1
                        print("FAILED   \(label): the proof verifies, but the credential is \(status)")
                        continue
                    case .valid, .unchecked:
                        line += "; status \(status)"
                    }
                }
                verified += 1
                if result.isSignedByIssuer == false, let issuer = result.issuerDID {
                    line += " (note: not signed by the issuer \(issuer))"
                }
                print(line)
            } catch {
                failed += 1
                var line = "FAILED   \(label): \(error)"
                if let tsgForm, case .success(let document) = item.document,
                    (try? tsgForm.verify(document, expectedProofPurpose: proofPurpose)) != nil
                {
                    line += " (the proof is in TSG's non-standard form of its suite, which W3C verifiers reject; "
                        + "`certbridge verify --tsg-compatible` checks it as TSG does)"
                }
                print(line)
            }
        }
        print("\(verified) verified, \(failed) failed")
        if failed > 0 || verified == 0 { throw ExitCode.failure }
    }

    /// Where the credential came from, with its `id` when it has one.
    static func label(_ item: CredentialInput.Item) -> String {
        guard case .success(let document) = item.document, let id = document["id"]?.stringValue else { return item.source }
        return "\(item.source) (\(id))"
    }
}
