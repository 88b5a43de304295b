import ArgumentParser
import Credentials

/// `certbridge keys rotate`: a new active key in the ring; the old one is retired but stays in did.json.
struct KeysRotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Generate a new signing key and make it the one that signs; the old key stays in did.json.",
        discussion: """
            The key ring is --key-ring DIR, else the directory signing.key of --config names. With --import FILE and \
            a directory that holds no ring yet, the ring is first made from that key (your current signing.key file). \
            certbridge serve signs with the new key, publishes every non-compromised key in did.json and re-signs the \
            status lists after a restart. Private keys are written to files (mode 0600), never printed.
            """)

    @OptionGroup var ring: KeyRingOptions

    @Option(name: .long, help: "Key type of the new key (default: the active key's type).")
    var type: KeyType?

    @Option(name: .customLong("import"), help: "A private JWK to start a new ring with (it is retired by this rotation).")
    var importFile: String?

    func run() throws {
        var keyRing: KeyRing
        if let importFile {
            let (directory, strict) = try ring.location()
            do {
                let current = try SigningKey.load(from: importFile, strictKeyMode: strict)
                keyRing = try KeyRing.create(directory: directory, with: current)
            } catch {
                throw CommandFailure(error.description)
            }
            print("created key ring \(directory) from \(importFile)")
        } else {
            keyRing = try ring.load()
        }
        let previous: SigningKey
        do {
            previous = try keyRing.active
        } catch {
            throw CommandFailure(error.description)
        }
        let newType = type ?? previous.type
        let current: SigningKey
        do {
            let key = newType == .rsa ? try SigningKey.generateRSA(bits: previous.publicKey.rsaBits ?? 2048) : SigningKey.generate(newType)
            try keyRing.rotate(to: key)
            current = try keyRing.active
        } catch {
            throw CommandFailure(error.description)
        }
        print("active key    \(current.keyID ?? "") (\(newType.name)), signs from now on")
        print("retired key   \(previous.keyID ?? "") (\(previous.type.name)), still in did.json so what it signed verifies")
        print("next: set signing.key: \(keyRing.directory) if not yet, and restart certbridge serve: it then signs with the "
            + "new key, serves the new did.json and re-signs the status lists")
    }
}
