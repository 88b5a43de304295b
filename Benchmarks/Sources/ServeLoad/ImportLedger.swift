import Credentials
import Foundation
import JSONCanonical
import Synchronization

/// What the wallet stand-in saw during a load run: when each credential was sent as a webhook
/// and when its VC was imported, and the verification of every `sampleEvery`-th import.
final class ImportLedger: Sendable {
    private struct State {
        var sent: [Double?]
        var accepted: [Double?]
        var imported: [Double?]
        var importsSeen = 0
        var distinctImports = 0
        var unknownImports: [String] = []
        var duplicateImports = 0
        /// Sampled imports whose verification has started; `verified` plus the failures reach it
        /// once every one has finished.
        var sampled = 0
        var verified = 0
        var verificationFailures: [String] = []
    }

    /// Seconds since the run's origin.
    let origin = ContinuousClock.now
    private let indexByVCId: [String: Int]
    private let sampleEvery: Int
    /// The status list URL prefix every sampled VC's revocation entry must point into, when the run has status lists.
    private let statusListPrefix: String?
    private let verifier: Mutex<DataIntegrityVerifier?>
    private let state: Mutex<State>

    /// A ledger for credentials whose VC ids are `vcIds` (in webhook order).
    init(vcIds: [String], sampleEvery: Int, statusListPrefix: String? = nil) {
        self.statusListPrefix = statusListPrefix
        indexByVCId = Dictionary(uniqueKeysWithValues: vcIds.enumerated().map { ($1, $0) })
        self.sampleEvery = max(1, sampleEvery)
        verifier = Mutex(nil)
        state = Mutex(State(sent: Array(repeating: nil, count: vcIds.count), accepted: Array(repeating: nil, count: vcIds.count),
            imported: Array(repeating: nil, count: vcIds.count)))
    }

    /// The verifier for sampled imports (set once the issuer's DID document is known).
    func useVerifier(_ verifier: DataIntegrityVerifier) {
        self.verifier.withLock { $0 = verifier }
    }

    var now: Double { Self.seconds(ContinuousClock.now - origin) }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    func markSent(_ index: Int) {
        let time = now
        state.withLock { $0.sent[index] = time }
    }

    func markAccepted(_ index: Int) {
        let time = now
        state.withLock { $0.accepted[index] = time }
    }

    /// The wallet stand-in's hook: records the import and verifies every `sampleEvery`-th one.
    func recordImport(id: String, vc: JSONValue) {
        let time = now
        let (count, known) = state.withLock { state -> (Int, Bool) in
            state.importsSeen += 1
            guard let index = indexByVCId[id] else {
                state.unknownImports.append(id)
                return (state.importsSeen, false)
            }
            if state.imported[index] != nil {
                state.duplicateImports += 1
            } else {
                state.imported[index] = time
                state.distinctImports += 1
            }
            if state.importsSeen % sampleEvery == 0 { state.sampled += 1 }
            return (state.importsSeen, true)
        }
        guard known, count % sampleEvery == 0 else { return }
        var outcome: String?
        if let verifier = verifier.withLock({ $0 }) {
            do {
                _ = try verifier.verify(vc)
            } catch {
                outcome = "\(id): \(error)"
            }
        } else {
            outcome = "\(id): no verifier yet"
        }
        // With status lists on, the signed VC carries its entry, `id` = <list URL>#<index> (what
        // TSG's verifier reads), so the proof covers it.
        if outcome == nil, let prefix = statusListPrefix {
            let entry = vc["credentialStatus"]
            let entryId = entry?["id"]?.stringValue ?? ""
            let list = entry?["statusListCredential"]?.stringValue ?? ""
            let index = entry?["statusListIndex"]?.stringValue ?? ""
            if !(list.hasPrefix(prefix) && entryId == list + "#" + index && !index.isEmpty) {
                outcome = "\(id): no status entry pointing into \(prefix): \(entry.map { $0.compactString } ?? "none")"
            }
        }
        state.withLock { state in
            if let outcome { state.verificationFailures.append(outcome) } else { state.verified += 1 }
        }
    }

    /// Whether every sampled import's verification has finished.
    var samplesSettled: Bool {
        state.withLock { $0.verified + $0.verificationFailures.count == $0.sampled }
    }

    /// Distinct credentials imported so far (cheap: polled while the run goes on).
    var distinctImports: Int { state.withLock { $0.distinctImports } }

    /// The figures of the run so far.
    func summary() -> Summary {
        state.withLock { state in
            let latencies = zip(state.sent, state.imported).compactMap { sent, imported -> Double? in
                guard let sent, let imported else { return nil }
                return imported - sent
            }.sorted()
            let intake = zip(state.sent, state.accepted).compactMap { sent, accepted -> Double? in
                guard let sent, let accepted else { return nil }
                return accepted - sent
            }.sorted()
            return Summary(
                firstSent: state.sent.compactMap { $0 }.min(), lastSent: state.sent.compactMap { $0 }.max(),
                lastImport: state.imported.compactMap { $0 }.max(),
                imported: state.imported.count { $0 != nil }, duplicates: state.duplicateImports,
                unknown: state.unknownImports, latencies: latencies, intakeLatencies: intake,
                sampled: state.sampled, verified: state.verified, verificationFailures: state.verificationFailures)
        }
    }

    struct Summary {
        var firstSent: Double?
        var lastSent: Double?
        var lastImport: Double?
        var imported: Int
        var duplicates: Int
        var unknown: [String]
        /// Webhook sent → VC imported, sorted, seconds.
        var latencies: [Double]
        /// Webhook sent → 202 received, sorted, seconds.
        var intakeLatencies: [Double]
        var sampled: Int
        var verified: Int
        var verificationFailures: [String]
    }
}

extension Array where Element == Double {
    /// The `fraction` quantile of a sorted array (nearest rank), or 0 when empty.
    func quantile(_ fraction: Double) -> Double {
        guard !isEmpty else { return 0 }
        let rank = Int((fraction * Double(count)).rounded(.up)) - 1
        return self[Swift.min(Swift.max(rank, 0), count - 1)]
    }
}
