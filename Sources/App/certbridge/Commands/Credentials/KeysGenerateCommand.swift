import ArgumentParser
import Credentials

/// `certbridge keys generate`: a new private JWK file, created with mode 0600.
struct KeysGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a signing key and save it as a private JWK file (mode 0600).",
        discussion: "Prints the key's did:key. The private key is only written to the file, never printed."
    )

    @Option(name: .long, help: "Key type: ed25519 (eddsa-jcs-2022), p256 or p384 (ecdsa-jcs-2019).")
    var type: KeyType = .ed25519

    @Option(name: .long, help: "Where to write the private JWK.")
    var out: String

    @Option(name: .long, help: "A key id (JWK 'kid') to record in the file.")
    var kid: String?

    @Flag(name: .long, help: "Replace an existing file at --out.")
    var force = false

    func run() throws {
        var key = SigningKey.generate(type)
        key.keyID = kid
        do {
            try key.save(to: out, overwrite: force)
        } catch {
            throw CommandFailure(error.description)
        }
        print("wrote \(type.curve) key to \(out) (mode 0600)")
        print("did:key: \(key.didKey)")
    }
}
