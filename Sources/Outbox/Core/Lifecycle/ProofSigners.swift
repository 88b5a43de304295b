import Foundation
import Credentials
import JSONCanonical

/// Which keys signed a stored VC, read from the VC itself: the outbox keeps every delivered VC
/// exactly as it was signed, so its proofs are the record of the signing key (no extra column
/// that could disagree with them, and VCs stored before keys were rotated are covered too).
public enum ProofSigners {
    /// The verification method ids that secure `vc`: every Data Integrity proof's
    /// `verificationMethod` (one proof object or a list of them, the TSG form), or the `kid` of a
    /// VC-JWT, stored as a compact JWS string or as an `EnvelopedVerifiableCredential` data URL.
    /// An unsigned VC (a pull destination signs at redemption) has none.
    public static func verificationMethods(of vc: JSONValue) -> Set<String> {
        if let compact = vc.stringValue { return jwtKeyID(compact).map { [$0] } ?? [] }
        if let id = vc["id"]?.stringValue, let comma = id.firstIndex(of: ","), id.hasPrefix("data:application/vc+jwt") {
            return jwtKeyID(String(id[id.index(after: comma)...])).map { [$0] } ?? []
        }
        guard let proof = vc["proof"] else { return [] }
        let proofs = proof.arrayValue ?? [proof]
        return Set(proofs.compactMap { $0["verificationMethod"]?.stringValue })
    }

    /// Whether `verificationMethod` is among the methods that secure `vc`.
    public static func vc(_ vc: JSONValue, isSignedBy verificationMethod: String) -> Bool {
        verificationMethods(of: vc).contains(verificationMethod)
    }

    /// The `kid` of a compact JWS's protected header; `nil` when it is not one.
    static func jwtKeyID(_ compact: String) -> String? {
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        guard let header = try? Base64URL.decode(String(parts[0])), let json = try? JSONValue(parsing: header) else { return nil }
        return json["kid"]?.stringValue
    }
}

/// A current VC (active or suspended in the history) whose stored copy a given key signed.
public struct KeySignedVC: Sendable, Hashable {
    /// The Certifier credential id (one job per id).
    public var sourceId: String
    /// The VC's id.
    public var vcId: String
    /// Where its job stands now.
    public var jobState: JobState

    /// Creates a value.
    public init(sourceId: String, vcId: String, jobState: JobState) {
        self.sourceId = sourceId
        self.vcId = vcId
        self.jobState = jobState
    }
}

/// What ``OutboxStore/requestReissue(signedBy:reason:actor:now:)`` did: a new revision is owed
/// for every current VC the key signed.
public struct KeyReissueRequest: Sendable, Equatable {
    /// Source ids whose delivered job was made due again, marked to re-issue even with equal claims.
    public var queued: [String] = []
    /// Source ids whose job was pending already (or dead): marked, so their next conversion
    /// re-issues; a dead one waits for `certbridge deliveries retry`.
    public var marked: [String] = []
    /// Source ids whose job holds a VC this key signed that is not delivered yet (state signed):
    /// once delivered it is current, so running the request again then re-issues it.
    public var undelivered: [String] = []

    /// Creates an empty value.
    public init(queued: [String] = [], marked: [String] = [], undelivered: [String] = []) {
        self.queued = queued
        self.marked = marked
        self.undelivered = undelivered
    }

    /// Every credential that will get a new revision.
    public var total: Int { queued.count + marked.count }
}

extension KeyReissueRequest {
    /// One job a store's scan found: it holds a VC (`vc`, as stored) that is current in the
    /// history (`isCurrent`) or on its way to the destination (state signed).
    public struct Candidate: Sendable {
        /// The job's source id.
        public var sourceId: String
        /// The id of the VC it holds.
        public var vcId: String?
        /// The job's state.
        public var state: JobState
        /// The VC as stored (JSON text).
        public var vc: String
        /// Whether the history calls this VC active or suspended.
        public var isCurrent: Bool

        /// Creates a value.
        public init(sourceId: String, vcId: String?, state: JobState, vc: String, isCurrent: Bool) {
            self.sourceId = sourceId
            self.vcId = vcId
            self.state = state
            self.vc = vc
            self.isCurrent = isCurrent
        }
    }

    /// The one rule both stores apply to what they scanned: which jobs `verificationMethod`
    /// signed a VC for, and what becomes of each. A delivered job is queued (made due, marked);
    /// a pending, dead or no-match job holding a current VC is marked for its next conversion;
    /// a VC on its way (signed) is left to finish and reported, so a second run re-issues it.
    public static func classify(_ candidates: [Candidate], signedBy verificationMethod: String)
        -> (request: KeyReissueRequest, signed: [KeySignedVC])
    {
        var request = KeyReissueRequest()
        var signed: [KeySignedVC] = []
        for candidate in candidates {
            guard let vc = try? JSONValue(parsing: Array(candidate.vc.utf8)),
                ProofSigners.vc(vc, isSignedBy: verificationMethod)
            else { continue }
            switch candidate.state {
            case .signed:
                request.undelivered.append(candidate.sourceId)
            case .delivered where candidate.isCurrent:
                request.queued.append(candidate.sourceId)
            case .received, .fetched, .dead, .noMatch, .deleted, .delivered:
                guard candidate.isCurrent else { continue }
                request.marked.append(candidate.sourceId)
            }
            if candidate.isCurrent, let vcId = candidate.vcId {
                signed.append(KeySignedVC(sourceId: candidate.sourceId, vcId: vcId, jobState: candidate.state))
            }
        }
        return (request, signed)
    }

    /// The scan both stores run (table names differ): every job holding a VC that is current in
    /// the history or about to be delivered, with its stored VC, whose proofs are then read here
    /// (JSON is stored as text exactly as signed, which no SQL JSON function reads in both dialects).
    /// Columns: source_id, state, vc_id, vc, is_current (0 or 1).
    public static func scanSQL(jobs: String, issued: String) -> String {
        """
        SELECT j.source_id, j.state, j.vc_id, j.vc,
            CAST(CASE WHEN i.vc_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS is_current
        FROM \(jobs) j LEFT JOIN \(issued) i ON i.vc_id = j.vc_id AND i.state IN \(LifecycleRules.currentStatesSQL)
        WHERE j.vc IS NOT NULL AND (i.vc_id IS NOT NULL OR j.state = '\(JobState.signed.rawValue)')
        ORDER BY j.source_id
        """
    }

    /// The audit trail's subject for a request about this key.
    public static func auditSubject(_ verificationMethod: String) -> String { "key:\(verificationMethod)" }
}
