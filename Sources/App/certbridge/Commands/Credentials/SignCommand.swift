import ArgumentParser
import Composition
import Credentials
import Foundation
import JSONCanonical
import Mapping

/// `certbridge sign`: adds a Data Integrity proof to credentials.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Add a Data Integrity proof to a credential (or to each line of NDJSON).",
        discussion: """
            The signed credential goes to standard output (pretty JSON for one document, one line each \
            for NDJSON). The issuer is left as in the document. A VC 1.1 credential gets the Data \
            Integrity v2 context added; a credential that already has proofs gets one more (a proof set).
            """
    )

    @Argument(help: "The unsigned credential: a JSON file, an NDJSON file, or - for standard input.")
    var input: String

    @Option(name: .long, help: "The private JWK file to sign with.")
    var key: String

    @Option(name: .long, help: """
        eddsa-jcs-2022 or eddsa-rdfc-2022 (Ed25519), ecdsa-jcs-2019 or ecdsa-rdfc-2019 (P-256, P-384), \
        JsonWebSignature2020 (all three). Default: the JCS suite for the key.
        """)
    var suite: String?

    @OptionGroup var linkedData: LinkedDataOptions

    @OptionGroup var tsg: TSGCompatibleOption

    @Option(name: .customLong("verification-method"), help: "The proof's verificationMethod. Default: the key's did:key method.")
    var verificationMethod: String?

    @Option(name: .long, help: "The proof's created time (e.g. 2024-05-01T12:00:00Z). Default: now.")
    var created: String?

    @Option(name: .customLong("proof-purpose"), help: "The proof purpose.")
    var proofPurpose = "assertionMethod"

    func run() throws {
        let signingKey: SigningKey
        do {
            signingKey = try SigningKey.load(from: key)
        } catch {
            throw CommandFailure(error.description)
        }
        var date = Date()
        if let created {
            guard ProofDate.isDateTime(created), let parsed = ProofDate.parse(created) else {
                throw CommandFailure("--created: '\(created)' is not a date-time like 2024-05-01T12:00:00Z")
            }
            date = parsed
        }
        let registries = Cryptosuites.registries(contexts: try linkedData.contextStore())
        let signer: DataIntegritySigner
        do {
            signer = try DataIntegritySigner(
                key: signingKey, verificationMethod: verificationMethod ?? signingKey.didKeyVerificationMethod,
                cryptosuite: suite ?? CryptosuiteRegistry.defaultCryptosuite(for: signingKey.type),
                registry: tsg.registry(from: registries))
        } catch {
            throw CommandFailure(error.description)
        }
        if tsg.tsgCompatible && registries.tsgFormSuites.contains(signer.cryptosuite.name) {
            TSGCompatibleOption.warn("--tsg-compatible")
        }
        let items = try CredentialInput.read(input)
        guard !items.isEmpty else { throw CommandFailure("\(input): no credential found") }
        for item in items {
            do {
                let signed = try signer.sign(try item.document.get(), created: date, proofPurpose: proofPurpose)
                print(items.count == 1 && !item.isNDJSON ? signed.prettyString : signed.compactString)
            } catch {
                throw CommandFailure("\(item.source): \(error)")
            }
        }
    }
}
