import ArgumentParser
import Credentials

/// `certbridge keys retire KEY [--compromised]`: a retired key of the ring never signs again; a
/// compromised one also leaves did.json, and what it signed is re-issued.
struct KeysRetireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Retire a key of the ring: it never signs again but stays in did.json, so what it signed still verifies.",
        discussion: """
            KEY is the key's kid or its verification method id (did:web:…#kid). The active key cannot be retired: \
            run `certbridge keys rotate` first. Running it again on a retired key changes nothing.

            With --compromised (a leaked key): the key is left out of did.json, every current credential it signed is \
            queued for re-issue through the lifecycle (a new revision signed by the active key; the old one is revoked \
            once the new one is delivered), and the status lists it signed are signed again by the active key. This needs \
            --config (the store, the issuer and the lists). Running it again queues only what is still signed by the \
            key, so an interrupted run is finished by running it again. See docs/KEYS.md, "A leaked key".
            """)

    @Argument(help: "The key's kid or verification method id.")
    var key: String

    @Flag(name: .long, help: "The key leaked: take it out of did.json and re-issue what it signed.")
    var compromised = false

    @Option(name: .long, help: "Why, for the audit trail (with --compromised).")
    var reason: String?

    @OptionGroup var ring: KeyRingOptions

    func run() async throws {
        if compromised {
            try await retireCompromised()
            return
        }
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
