import ArgumentParser
import Composition
import CredentialJWT
import Credentials
import Foundation
import JSONCanonical
import Mapping

/// `certbridge sign`: adds a Data Integrity proof to credentials, or secures them as VC-JWTs.
struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Add a Data Integrity proof to a credential (or to each line of NDJSON).",
        discussion: """
            The signed credential goes to standard output (pretty JSON for one document, one line each \
            for NDJSON). The issuer is left as in the document. A VC 1.1 credential gets the Data \
            Integrity v2 context added; a credential that already has proofs gets one more (a proof set). \
            With --format jwt each credential becomes a compact JWT on its own line instead (VC 1.1: JWT with \
            a 'vc' claim; VC 2.0: vc+jwt), its 'kid' the verification method (default <issuer>#<kid or key-1>, \
            or the did:key method when the issuer is the key's did:key); --suite does not apply.
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

    @Option(name: .long, help: "json (a Data Integrity proof) or jwt (one compact VC-JWT a line).")
    var format: CredentialOutputFormat = .json

    @Option(name: .long, help: "The proof's created time (e.g. 2024-05-01T12:00:00Z). Default: now.")
    var created: String?

    @Option(name: .customLong("proof-purpose"), help: "The proof purpose.")
    var proofPurpose = "assertionMethod"

    func run() async throws {
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
        if format == .jwt {
            try await signJWTs(signingKey, now: date)
            return
        }
        guard verificationMethod != nil || signingKey.type.hasDIDKey else {
            throw CommandFailure("\(KeyError.noDIDKey(signingKey.type)); pass it with --verification-method")
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

    /// `--format jwt`: each credential as a compact JWT on its own line; `--created` is the `iat`.
    private func signJWTs(_ signingKey: SigningKey, now: Date) async throws {
        if suite != nil || tsg.tsgCompatible {
            throw CommandFailure("--suite and --tsg-compatible choose a Data Integrity proof; they do not go with --format jwt")
        }
        let items = try CredentialInput.read(input)
        guard !items.isEmpty else { throw CommandFailure("\(input): no credential found") }
        for item in items {
            do {
                let document = try item.document.get()
                let issuer = document["issuer"]?.stringValue ?? document["issuer"]?["id"]?.stringValue
                let method = try verificationMethod ?? Self.defaultMethod(signingKey, issuer: issuer)
                print(try await CredentialJWT.sign(document, key: signingKey, verificationMethod: method, now: now))
            } catch {
                throw CommandFailure("\(item.source): \(error)")
            }
        }
    }

    /// `<issuer>#<kid or key-1>`, or the did:key method when the issuer is the key's did:key.
    static func defaultMethod(_ key: SigningKey, issuer: String?) throws(CommandFailure) -> String {
        guard let issuer else { throw CommandFailure("the credential has no issuer to take the verification method from") }
        if issuer.hasPrefix("did:key:") && !key.type.hasDIDKey { throw CommandFailure(KeyError.noDIDKey(key.type).description) }
        return key.verificationMethod(forIssuer: issuer)
    }
}
