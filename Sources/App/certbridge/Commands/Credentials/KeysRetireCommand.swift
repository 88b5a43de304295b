import ArgumentParser
import Credentials

/// `certbridge keys retire KEY`: a retired key of the ring never signs again.
struct KeysRetireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Retire a key of the ring: it never signs again but stays in did.json, so what it signed still verifies.",
        discussion: """
            KEY is the key's kid or its verification method id (did:web:…#kid). The active key cannot be retired: \
            run `certbridge keys rotate` first. Running it again on a retired key changes nothing.
            """)

    @Argument(help: "The key's kid or verification method id.")
    var key: String

    @OptionGroup var ring: KeyRingOptions

    func run() throws {
        var keyRing = try ring.load()
        let changed: Bool
        do {
            changed = try keyRing.retire(key, compromised: false)
        } catch {
            throw CommandFailure(error.description)
        }
        let kid = keyRing.member(named: key)?.keyID ?? key
        print(changed ? "retired key \(kid): it signs nothing and stays in did.json" : "key \(kid) was already retired; nothing changed")
    }
}
