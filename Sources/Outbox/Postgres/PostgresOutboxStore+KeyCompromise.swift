import Foundation
import Logging
import Outbox
import PostgresNIO

extension PostgresOutboxStore {
    /// The current VCs `verificationMethod` signed.
    public func currentVCs(signedBy verificationMethod: String) async throws(OutboxError) -> [KeySignedVC] {
        try await read { connection, logger in
            KeyReissueRequest.classify(
                try await Self.keyCandidates(connection, logger, locking: false), signedBy: verificationMethod
            ).signed
        }
    }

    /// Marks the jobs whose current VC `verificationMethod` signed, in one transaction; the
    /// scanned job rows stay locked until it commits, so a worker saving one of them meanwhile
    /// waits and the mark is not lost under its save.
    public func requestReissue(signedBy verificationMethod: String, reason: String, actor: String, now: Date)
        async throws(OutboxError) -> KeyReissueRequest
    {
        try await transaction { connection, logger in
            let request = KeyReissueRequest.classify(
                try await Self.keyCandidates(connection, logger, locking: true), signedBy: verificationMethod
            ).request
            let force = OutboxRules.forceReissueReplacingSignature
            if !request.queued.isEmpty {
                var binds = PostgresBindings()
                binds.append(now)
                binds.append(request.queued)
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            UPDATE certbridge_jobs SET force_reissue = \(force), \(OutboxRules.reconcileAssignments(time: "$1"))
                            WHERE state = '\(JobState.delivered.rawValue)' AND source_id = ANY($2)
                            """,
                        binds: binds),
                    logger: logger)
            }
            if !request.marked.isEmpty {
                try await connection.query(
                    "UPDATE certbridge_jobs SET force_reissue = \(force) WHERE source_id = ANY(\(request.marked))", logger: logger)
            }
            try await Self.audit(
                connection, logger, at: now, actor: actor, action: "reissue",
                subject: KeyReissueRequest.auditSubject(verificationMethod), reason: reason, before: "-", after: "\(request.total) queued")
            return request
        }
    }

    private static func keyCandidates(_ connection: PostgresConnection, _ logger: Logger, locking: Bool) async throws
        -> [KeyReissueRequest.Candidate]
    {
        let sql = KeyReissueRequest.scanSQL(jobs: "certbridge_jobs", issued: "certbridge_issued") + (locking ? " FOR UPDATE OF j" : "")
        var candidates: [KeyReissueRequest.Candidate] = []
        for try await (sourceId, stateName, vcId, vc, isCurrent) in try await connection.query(
            PostgresQuery(unsafeSQL: sql), logger: logger
        ).decode((String, String, String?, String, Int64).self) {
            guard let state = JobState(rawValue: stateName) else { continue }
            candidates.append(
                KeyReissueRequest.Candidate(sourceId: sourceId, vcId: vcId, state: state, vc: vc, isCurrent: isCurrent == 1))
        }
        return candidates
    }
}
