import ArgumentParser
import Credentials

/// `certbridge keys generate`: a new private JWK file, created with mode 0600.
struct KeysGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a signing key and save it as a private JWK file (mode 0600).",
        discussion: """
            Prints the key's did:key (RSA keys have none in certbridge: publish them with `keys show --did-web`). \
            The private key is only written to the file, never printed.
            """
    )

    @Option(name: .long, help: "Key type: ed25519 (eddsa-jcs-2022), p256 or p384 (ecdsa-jcs-2019), rsa (JsonWebSignature2020 PS256, VC-JWT PS256).")
    var type: KeyType = .ed25519

    @Option(name: .long, help: "RSA modulus size: 2048, 3072 or 4096 (only with --type rsa).")
    var bits: Int?

    @Option(name: .long, help: "Where to write the private JWK.")
    var out: String

    @Option(name: .long, help: "A key id (JWK 'kid') to record in the file.")
    var kid: String?

    @Flag(name: .long, help: "Replace an existing file at --out.")
    var force = false

    func validate() throws {
        if bits != nil && type != .rsa { throw ValidationError("--bits applies to --type rsa only") }
        if let bits, !RSAKeySize.generated.contains(bits) {
            throw ValidationError("--bits \(bits): use 2048, 3072 or 4096")
        }
    }

    func run() throws {
        var key: SigningKey
        do {
            key = type == .rsa ? try SigningKey.generateRSA(bits: bits ?? 2048) : SigningKey.generate(type)
        } catch {
            throw CommandFailure(error.description)
        }
        key.keyID = kid
        do {
            try key.save(to: out, overwrite: force)
        } catch {
            throw CommandFailure(error.description)
        }
        print("wrote \(key.publicKey.rsaBits.map { "RSA \($0)-bit" } ?? type.name) key to \(out) (mode 0600)")
        if type.hasDIDKey {
            print("did:key: \(key.didKey)")
        } else {
            print("did:key: none for \(type.name) keys; publish the key with `certbridge keys show \(out) --did-web <domain>`")
        }
    }
}
