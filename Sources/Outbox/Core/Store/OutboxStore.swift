import Foundation
import JSONCanonical

/// The durable outbox. SQLite (``SQLiteOutboxStore``) serves one instance; the PostgreSQL store
/// (module OutboxPostgres) serves several, since claiming is lease based. Claiming processes
/// register heartbeats (``LeaseOwnerRegistry``) so a dead one's jobs are taken within seconds.
public protocol OutboxStore: HolderRecordStore, LeaseOwnerRegistry {
    /// Connects and migrates the schema if that has not happened yet, so a service fails at start,
    /// not at its first webhook. Every other method prepares the store on its own when needed.
    func prepare() async throws(OutboxError)

    /// Records a webhook event durably and creates or reopens the credential's job.
    ///
    /// Called before the webhook is answered, so an accepted event survives a crash.
    func record(event: SourceEvent, now: Date) async throws(OutboxError) -> EventOutcome

    /// Queues an already converted and signed VC (the `convert --deliver` door).
    func enqueue(converted: ConvertedDelivery, now: Date) async throws(OutboxError) -> EventOutcome

    /// Leases up to `limit` due jobs in `states` to `owner` until `now + lease`; no two owners get
    /// the same job. A leased job is due again when its lease ran out, or at once when its owner is
    /// registered (``LeaseOwnerRegistry``) and missed its heartbeat timeout. PostgreSQL compares
    /// and sets leases on the database's clock; `now` only decides which retries are due.
    func claimDue(owner: String, now: Date, limit: Int, lease: Duration, states: Set<JobState>)
        async throws(OutboxError) -> [DeliveryJob]

    /// Writes a job back if `owner` still holds its lease. With `keepLease` the lease is renewed
    /// (the worker goes on with the next step), otherwise released. Returns false when the lease was lost.
    func save(_ job: DeliveryJob, owner: String, keepLease: Bool, now: Date, lease: Duration)
        async throws(OutboxError) -> Bool

    /// ``save(_:owner:keepLease:now:lease:)``, told whether the job's credential and VC are the
    /// ones the store holds for it already (`payloadStored`: the worker read or wrote them and has
    /// not changed them since). A store may then leave those two columns as they are instead of
    /// writing the same documents out again; one that does not care saves as usual.
    func save(_ job: DeliveryJob, owner: String, keepLease: Bool, now: Date, lease: Duration, payloadStored: Bool)
        async throws(OutboxError) -> Bool

    /// One job by id.
    func job(id: Int64) async throws(OutboxError) -> DeliveryJob?

    /// Jobs, newest first, optionally in one state.
    func jobs(state: JobState?, limit: Int) async throws(OutboxError) -> [DeliveryJob]

    /// Makes a dead or no-match job due again; returns the job, or `nil` when it is not in such a state.
    func retry(id: Int64, now: Date) async throws(OutboxError) -> DeliveryJob?

    /// Makes every dead job due again; returns how many.
    func retryAllDead(now: Date) async throws(OutboxError) -> Int

    /// Number of jobs per state (queue depth for metrics).
    func counts() async throws(OutboxError) -> [JobState: Int]

    // MARK: Lifecycle (docs/LIFECYCLE.md)

    /// Reserves up to `count` unused random indexes in the open list of `family` (creating the
    /// first list, or the next when one fills up, with `listEntries` entries), in one transaction.
    /// Indexes are never handed out twice, whichever process or instance asks.
    func reserveStatusIndexes(_ family: StatusListFamily, count: Int, listEntries: Int, now: Date)
        async throws(OutboxError) -> [StatusSlot]

    /// Applies an operator's change to the VC with this id, or to every current VC of the
    /// Certifier credential with this id, and writes the audit trail; an empty result means the
    /// id names no issued VC.
    func changeStatus(of id: String, _ change: StatusChange, reason: String, actor: String, now: Date)
        async throws(OutboxError) -> [StatusChangeResult]

    /// The audit trail, newest first, optionally for one subject (a VC id or a Certifier id).
    func auditTrail(subject: String?, limit: Int) async throws(OutboxError) -> [AuditEntry]

    /// Signs every list `rule` says is due and stores the signed copies, all in one transaction
    /// under the store's publication lock (with several instances, one publishes; the others skip).
    /// `sign` gets the list and the `validUntil` to write. A list `sign` fails for is reported and
    /// left due (tried again next pass); it never keeps the other lists from being published.
    func publishStatusLists(
        now: Date, rule: StatusPublicationRule,
        sign: @escaping @Sendable (StatusListRecord, _ validUntil: Date) throws -> String
    ) async throws(OutboxError) -> StatusPublication

    /// The signed copy of one list, if it was published.
    func publishedStatusList(slug: String) async throws(OutboxError) -> PublishedStatusList?

    /// Every published list (for `certbridge status export`).
    func publishedStatusLists() async throws(OutboxError) -> [PublishedStatusList]

    /// The jobs of these source ids (one per id that has a job).
    func jobs(sourceIds: [String]) async throws(OutboxError) -> [DeliveryJob]

    /// The source ids that have a VC a list still calls valid or suspended (what a reconcile
    /// checks for deletions: each must still be in Certifier's list).
    func sourceIdsWithCurrentVCs() async throws(OutboxError) -> [String]

    /// Marks every delivered job of `profile` for a forced re-issue (`certbridge reissue`) and
    /// makes it due, auditing the request under `actor` with `reason`; returns how many. The
    /// worker re-issues each whose claims differ, whatever changed.
    func requestReissue(profile: String, reason: String, actor: String, now: Date) async throws(OutboxError) -> Int

    /// The current VCs (active or suspended in the history) whose stored copy names
    /// `verificationMethod` in its proof (``ProofSigners``), by source id: what a leaked key signed.
    func currentVCs(signedBy verificationMethod: String) async throws(OutboxError) -> [KeySignedVC]

    /// Marks every job whose current VC `verificationMethod` signed to re-issue it even with
    /// equal claims (`certbridge keys retire KEY --compromised`), in one transaction: delivered
    /// jobs are made due, pending ones marked. Audited under `actor` with `reason` (subject
    /// `key:<verificationMethod>`). Running it again marks the same jobs again and nothing more;
    /// once a new revision is delivered, its predecessor is revoked and no longer found.
    func requestReissue(signedBy verificationMethod: String, reason: String, actor: String, now: Date)
        async throws(OutboxError) -> KeyReissueRequest

    /// A named cursor (`backfill`), kept so an interrupted run resumes.
    func cursor(named name: String) async throws(OutboxError) -> String?

    /// Sets (or, with `nil`, clears) a named cursor.
    func setCursor(named name: String, to value: String?, now: Date) async throws(OutboxError)
}

extension OutboxStore {
    /// Nothing to do for stores that are ready once created (SQLite migrates when it is opened).
    public func prepare() async throws(OutboxError) {}

    /// Writes every column, stored or not (PostgreSQL: leaving the two columns out saved nothing
    /// measurable on the server, docs/PERFORMANCE.md, fourteenth round).
    public func save(_ job: DeliveryJob, owner: String, keepLease: Bool, now: Date, lease: Duration, payloadStored: Bool)
        async throws(OutboxError) -> Bool
    {
        try await save(job, owner: owner, keepLease: keepLease, now: now, lease: lease)
    }

    /// Leases due jobs in any pending state.
    public func claimDue(owner: String, now: Date, limit: Int, lease: Duration) async throws(OutboxError)
        -> [DeliveryJob]
    {
        try await claimDue(owner: owner, now: now, limit: limit, lease: lease, states: Set(JobState.pending))
    }
}

/// What recording an event or enqueueing a VC did.
public enum EventOutcome: Sendable, Equatable {
    /// A new job was created.
    case enqueued(jobId: Int64)
    /// A finished (dead / no-match) job for the same credential was made due again.
    case reopened(jobId: Int64)
    /// A job for the same credential is still pending; it will read the current credential.
    case coalesced(jobId: Int64)
    /// The credential was delivered already; nothing is sent twice.
    case alreadyDelivered(jobId: Int64)
    /// The credential was delivered already; its job reads it again and re-issues only if
    /// Certifier's data changed (or revokes it if it was deleted).
    case reconciling(jobId: Int64)
    /// The same event id was seen before (the source sent it again).
    case duplicateEvent
    /// The event type (or resource type) is not one the gateway acts on.
    case ignored(type: String)

    /// The job concerned, if any.
    public var jobId: Int64? {
        switch self {
        case .enqueued(let id), .reopened(let id), .coalesced(let id), .alreadyDelivered(let id), .reconciling(let id): id
        case .duplicateEvent, .ignored: nil
        }
    }
}

/// A signed VC handed to the outbox by another door (e.g. `certbridge convert --deliver`).
public struct ConvertedDelivery: Sendable, Hashable {
    /// The source document id (a Certifier credential id) the VC was made from.
    public var sourceId: String
    /// The signed VC.
    public var vc: JSONValue
    /// The VC's `id`.
    public var vcId: String
    /// The profile that produced it.
    public var profile: String

    /// Creates a converted delivery.
    public init(sourceId: String, vc: JSONValue, vcId: String, profile: String) {
        self.sourceId = sourceId
        self.vc = vc
        self.vcId = vcId
        self.profile = profile
    }
}

/// A failure of the outbox store.
public enum OutboxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database could not be opened or migrated.
    case open(path: String, reason: String)
    /// A read or write failed.
    case database(String)
    /// Another job already holds this VC id.
    case vcIdTaken(vcId: String)
    /// A status list could not be signed; the list and the signer's reason.
    case publication(list: String, reason: String)
    /// The store is known to fail (``StoreBreaker``), or a call missed its deadline (a request's,
    /// or one of the worker's own bounds); nothing was tried or the call was abandoned. The text
    /// says why and names the bound.
    case unavailable(String)

    /// Actionable text naming the file or the VC id.
    public var description: String {
        switch self {
        case .open(let path, let reason): "cannot open the outbox database \(path): \(reason)"
        case .database(let reason): "outbox database error: \(reason)"
        case .vcIdTaken(let vcId): "VC id \(vcId) is already held by another outbox job"
        case .publication(let list, let reason): "cannot sign status list \(list): \(reason)"
        case .unavailable(let reason): reason
        }
    }
}
