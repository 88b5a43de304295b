import ArgumentParser
import Composition
import Credentials
import Foundation
import Lifecycle
import Outbox

extension KeysRetireCommand {
    /// `keys retire KEY --compromised`: the ring first (so a restarted `serve` never publishes
    /// the key again, even if this run stops half-way), then the store's marks, then the lists.
    /// Every step can run again: the ring stays compromised, the store marks only what the key
    /// still signs, and the publisher re-signs only lists another key signed.
    func retireCompromised() async throws {
        guard ring.keyRing == nil else {
            throw CommandFailure(
                "--compromised re-issues through the store and re-signs the status lists, which --config names: "
                    + "run it with --config FILE (whose signing.key is the ring), not --key-ring")
        }
        var keyRing = try ring.load()
        guard let member = keyRing.member(named: key) else {
            throw CommandFailure(
                "no key '\(key)' in the ring \(keyRing.directory) (kids: \(keyRing.members.map(\.keyID).joined(separator: ", ")))")
        }
        if member.state == .active {
            // The file to name in the commands to run next (`ring.config` is optional: the default file may be meant).
            let configFile = ConfigOption.path(ring.config) ?? "FILE"
            throw CommandFailure(
                "key '\(member.keyID)' is the active key: it signs everything, and no other key is active to take over. "
                    + "Run `certbridge keys rotate --config \(configFile)` first (a new key becomes active), restart certbridge serve "
                    + "so that it signs with the new key, then run `certbridge keys retire \(member.keyID) --compromised --config \(configFile)` again")
        }
        let changed: Bool
        do {
            changed = try keyRing.retire(member.keyID, compromised: true)
        } catch {
            throw CommandFailure(error.description)
        }
        print(
            changed
                ? "key \(member.keyID) marked compromised: it is left out of did.json"
                : "key \(member.keyID) was marked compromised already; finishing the re-issue")

        let parts = try await CommandParts.load(ring.config)
        let method = member.key.verificationMethod(forIssuer: parts.setup.issuer)
        guard method != parts.setup.verificationMethod else {
            // signing.verification_method names one id for every key: proofs cannot tell them apart.
            throw CommandFailure(
                "the active key's proofs name the same verification method (\(method)) as the compromised key's; "
                    + "remove signing.verification_method from \(ConfigOption.name(ring.config)) so each key of the ring has its own (<issuer>#<kid>)")
        }
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty ?? "signing key \(member.keyID) compromised"
        let request: KeyReissueRequest
        do {
            request = try await parts.store.requestReissue(signedBy: method, reason: why, actor: OperatorIdentity.current, now: Date())
        } catch {
            throw CommandFailure("the key is marked compromised, but queueing the re-issue failed (run this again): \(error)")
        }
        print("credentials   \(request.total) signed by \(method) queued for re-issue "
            + "(\(request.queued.count) delivered, \(request.marked.count) already pending)")
        if !request.undelivered.isEmpty {
            print("in flight     \(request.undelivered.count) VC(s) signed by this key are not delivered yet "
                + "(\(request.undelivered.prefix(5).joined(separator: ", "))\(request.undelivered.count > 5 ? ", …" : "")); "
                + "run this command again once they are delivered")
        }
        try await resignStatusLists(parts)
        print("next: restart certbridge serve: it then serves did.json without \(member.keyID) and re-issues the queued "
            + "credentials (new revisions signed by \(parts.setup.key.keyID ?? "the active key"); the old ones are revoked)")
    }

    /// Signs every published list the compromised (or any other non-active) key signed with the
    /// active key now, so they verify against the new did.json at once.
    private func resignStatusLists(_ parts: GatewayParts) async throws {
        guard let publisher = parts.statusPublisher() else {
            print("status lists  none (no public_url)")
            return
        }
        do {
            let stale = Set(try await publisher.listsSignedByAnotherKey())
            let publication = try await publisher.publishDue()
            let resigned = publication.signed.filter { stale.contains($0) }
            print("status lists  \(resigned.count) re-signed by the active key\(resigned.isEmpty ? "" : ": " + resigned.sorted().joined(separator: ", "))")
            if publication.skipped {
                print("status lists  another instance holds the publication lock; its next pass re-signs them")
            }
            if !publication.failures.isEmpty {
                throw CommandFailure("status lists not re-signed (run this again): \(publication.failures.map { "\($0)" }.joined(separator: "; "))")
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("the re-issue is queued, but re-signing the status lists failed (run this again): \(error)")
        }
    }
}

extension String {
    /// `nil` when empty, so an empty `--reason` falls back to the default.
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
