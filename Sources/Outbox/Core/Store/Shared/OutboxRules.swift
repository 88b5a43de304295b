/// The outbox rules every store applies, written once so SQLite and PostgreSQL cannot drift apart.
public enum OutboxRules {
    /// What a new event (or a converted VC) means for the credential's existing job.
    public enum ExistingJob: Sendable, Equatable {
        /// Delivered: nothing is sent twice.
        case alreadyDelivered
        /// Delivered, and a new event came: read the credential again; the lifecycle re-issues
        /// only if Certifier's data changed, and revokes if it was deleted.
        case reconcile
        /// Still pending: the job will read the current credential anyway.
        case coalesce
        /// Dead or no-match: start again.
        case reopen
    }

    /// The decision for a job in `state` when a source event arrives.
    public static func existingJob(in state: JobState) -> ExistingJob {
        switch state {
        case .delivered: .reconcile
        case .received, .fetched, .signed: .coalesce
        case .dead, .noMatch, .deleted: .reopen
        }
    }

    /// The decision for a job in `state` when `convert --deliver` queues a VC it signed itself:
    /// a delivered credential is not sent again.
    public static func existingJobForConverted(in state: JobState) -> ExistingJob {
        state == .delivered ? .alreadyDelivered : existingJob(in: state)
    }

    /// When a new event for a pending job sets `recheck` (so that once the job finishes it reads
    /// the credential again instead of keeping what it read before the change): the job has read
    /// (or signed from) the credential already, or a worker holds it and may be reading it right
    /// now. The worker does not save the fetched document on its own (the signed VC is saved with
    /// it), so a claimed job stays `received` until it is signed; and even a job saved as fetched
    /// could have had its read answered just before the change the event announces.
    public static let recheckConditionSQL =
        "(state IN \(statesSQL([.fetched, .signed])) OR (state = '\(JobState.received.rawValue)' AND lease_owner IS NOT NULL))"

    /// The states a worker claims (``JobState/pending``), as an SQL list: the condition of
    /// PostgreSQL's partial index of pending jobs in due order (`certbridge_jobs_pending`), which
    /// its claims name in full beside the states they want. SQLite's index (`jobs_pending`) spells
    /// the same condition as comparisons since schema v6 (`SQLiteOutboxStore.pendingCondition`).
    public static let pendingStatesSQL = statesSQL(JobState.pending)

    /// `states` (all of them ``JobState``s, so no quoting is needed) as an SQL list.
    public static func statesSQL(_ states: [JobState]) -> String {
        "(" + states.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
    }

    /// States from which a job can be sent again as it is (``ProtocolRecordStore/redeliver(vcIds:now:)``).
    public static let redeliverableStatesSQL = "('\(JobState.delivered.rawValue)', '\(JobState.dead.rawValue)')"

    /// The SET clause that makes a job deliver its stored VC again, due at `time` (bound twice).
    public static func redeliveryAssignments(time: String) -> String {
        """
        state = '\(JobState.signed.rawValue)', attempts = 0, next_attempt_at = \(time), last_error = NULL,
        lease_owner = NULL, lease_until = NULL, updated_at = \(time)
        """
    }

    /// `force_reissue` of a job marked by `certbridge reissue`: changed claims are issued.
    public static let forceReissueChangedClaims: Int64 = 1
    /// `force_reissue` of a job marked by `certbridge keys retire --compromised`: a new revision
    /// is issued even with equal claims, so the active key signs it.
    public static let forceReissueReplacingSignature: Int64 = 2

    /// The SET clause that starts a delivered job's reconcile: back to `received`, keeping the
    /// delivered VC (what the new mapping is compared with) until a new one replaces it.
    public static func reconcileAssignments(time: String) -> String {
        reconcileValues(time: time).map { "\($0.column) = \($0.value)" }.joined(separator: ", ")
    }

    /// ``reconcileAssignments(time:)`` as columns and SQL values, for a statement that folds the
    /// reconcile into a larger UPDATE (PostgreSQL's delivered save).
    public static func reconcileValues(time: String) -> [(column: String, value: String)] {
        [
            ("state", "'\(JobState.received.rawValue)'"), ("attempts", "0"), ("next_attempt_at", time), ("last_error", "NULL"),
            ("lease_owner", "NULL"), ("lease_until", "NULL"), ("recheck", "0"), ("updated_at", time),
        ]
    }

    /// The outcome reported for an existing job after ``existingJob(in:)`` was applied.
    public static func outcome(_ decision: ExistingJob, jobId: Int64) -> EventOutcome {
        switch decision {
        case .alreadyDelivered: .alreadyDelivered(jobId: jobId)
        case .coalesce: .coalesced(jobId: jobId)
        case .reopen: .reopened(jobId: jobId)
        case .reconcile: .reconciling(jobId: jobId)
        }
    }

    /// States an operator may retry (`certbridge deliveries retry ID`), as an SQL list.
    public static let retryableStatesSQL = "('\(JobState.dead.rawValue)', '\(JobState.noMatch.rawValue)')"

    /// The SET clause of an operator retry, in SQL both SQLite and PostgreSQL accept; `time` is the
    /// dialect's expression for now. A retried job starts again from Certifier (the credential or profile
    /// may have been fixed), except a VC queued by `convert --deliver` (no event), which is re-sent as is.
    public static func reopenAssignments(time: String) -> String {
        """
        state = CASE WHEN event_id IS NULL AND vc IS NOT NULL THEN '\(JobState.signed.rawValue)' \
        ELSE '\(JobState.received.rawValue)' END,
        vc = CASE WHEN event_id IS NULL THEN vc ELSE NULL END,
        vc_id = CASE WHEN event_id IS NULL THEN vc_id ELSE NULL END,
        credential = NULL, attempts = 0, next_attempt_at = \(time), last_error = NULL,
        lease_owner = NULL, lease_until = NULL, updated_at = \(time)
        """
    }
}
