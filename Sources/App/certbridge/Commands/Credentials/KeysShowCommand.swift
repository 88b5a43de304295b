import ArgumentParser
import Credentials
import JSONCanonical

/// `certbridge keys show`: the public side of a key file.
struct KeysShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a key's public JWK, did:key and DID document (never the private key).",
        discussion: """
            With --did-web, the DID document is the did.json to publish for that did:web, with the key \
            as '#<kid>', or '#key-1' when the JWK has no 'kid' (a JsonWebKey with 'alg', which the TSG wallet and Data Integrity verifiers accept). \
            --did-web takes 'example.org', 'example.org:issuers:1', 'localhost%3A8443' or an https URL.
            """
    )

    @Argument(help: "A JWK file (private or public).")
    var keyFile: String

    @Option(name: .customLong("did-web"), help: "Domain[:path] for a did:web document, e.g. example.org:issuers:1.")
    var didWeb: String?

    @Option(name: .long, help: "Verification method form in a did:web document: jsonWebKey or multikey.")
    var format: VerificationMethodFormat = .jsonWebKey

    @Flag(name: .long, help: "Print only the DID document (e.g. to save as did.json).")
    var document = false

    func run() throws {
        let (key, keyID) = try Self.publicKey(from: keyFile)
        let fragment = DIDWeb.fragment(forKeyID: keyID)
        var web: DIDWeb?
        if let didWeb {
            do {
                web = try DIDWeb(parsing: didWeb)
            } catch {
                throw CommandFailure("--did-web: \(error)")
            }
        }
        if !key.type.hasDIDKey {
            // RSA: only a did:web document with publicKeyJwk (alg PS256) publishes it.
            if web == nil && document { throw CommandFailure(KeyError.noDIDKey(key.type).description) }
            if format == .multikey { throw CommandFailure("--format multikey: \(key.type.name) keys are published as publicKeyJwk (jsonWebKey)") }
        }
        // JSONValue is ExpressibleByNilLiteral: spell the optional out so "no document" is not `null`.
        var didDocument: JSONValue? = web?.document(for: key, fragment: fragment, format: format)
        if didDocument == nil && key.type.hasDIDKey { didDocument = DIDKey.document(for: key) }
        if document, let didDocument {
            print(didDocument.prettyString)
            return
        }
        var output: JSONObject = [
            "type": .string(key.type.name),
            "publicKeyJwk": key.jwk.json,
        ]
        if let bits = key.rsaBits { output["bits"] = .number(Double(bits)) }
        if key.type.hasDIDKey {
            output["publicKeyMultibase"] = .string(key.multikey)
            output["didKey"] = .string(key.didKey)
            output["didKeyVerificationMethod"] = .string(key.didKeyVerificationMethod)
        }
        if let web {
            output["didWeb"] = .string(web.did)
            output["didWebVerificationMethod"] = .string(web.did + "#" + fragment)
            output["didDocumentURL"] = .string(web.documentURL)
        }
        if let didDocument { output["didDocument"] = didDocument }
        print(JSONValue.object(output).prettyString)
    }

    /// The public key of a private or public JWK file and its `kid`; errors never include the private part.
    static func publicKey(from path: String) throws(CommandFailure) -> (PublicKey, String?) {
        let jwk: JWK
        do {
            jwk = try JWK(json: try CredentialInput.readJSON(path))
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
        do {
            guard jwk.isPrivate else { return (try PublicKey(jwk: jwk), jwk.keyID) }
            // The same check as every command that signs: a private key others can write is
            // refused, one others can read is shown with a warning naming the fix.
            if let warning = try KeyFilePermissions.check(path: path, strict: false) {
                KeyFilePermissions.warnOnStandardError(warning)
            }
            return (try SigningKey(jwk: jwk).publicKey, jwk.keyID)
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
    }
}

extension VerificationMethodFormat: ExpressibleByArgument {
    /// `jsonWebKey` or `multikey`.
    public init?(argument: String) {
        guard let format = Self.allCases.first(where: { $0.rawValue.lowercased() == argument.lowercased() }) else { return nil }
        self = format
    }

    /// The accepted values, for help.
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
