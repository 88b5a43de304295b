import Foundation
import GRDB

extension SQLiteOutboxStore {
    /// The current VCs `verificationMethod` signed.
    public func currentVCs(signedBy verificationMethod: String) async throws(OutboxError) -> [KeySignedVC] {
        try await read { db in
            KeyReissueRequest.classify(try Self.keyCandidates(db), signedBy: verificationMethod).signed
        }
    }

    /// Marks the jobs whose current VC `verificationMethod` signed, under the write lock, so a
    /// worker saving a delivery meanwhile is either seen by the scan or waits for the marks.
    public func requestReissue(signedBy verificationMethod: String, reason: String, actor: String, now: Date)
        async throws(OutboxError) -> KeyReissueRequest
    {
        let time = now.timeIntervalSince1970
        return try await immediate { db in
            let request = KeyReissueRequest.classify(try Self.keyCandidates(db), signedBy: verificationMethod).request
            let force = OutboxRules.forceReissueReplacingSignature
            try Self.update(
                db, sourceIds: request.queued,
                set: "force_reissue = \(force), \(OutboxRules.reconcileAssignments(time: "?"))",
                condition: "state = '\(JobState.delivered.rawValue)'", leading: [time, time])
            try Self.update(db, sourceIds: request.marked, set: "force_reissue = \(force)", condition: "1 = 1", leading: [])
            try Self.audit(
                db, time: time, actor: actor, action: "reissue", subject: KeyReissueRequest.auditSubject(verificationMethod),
                reason: reason, before: "-", after: "\(request.total) queued")
            return request
        }
    }

    private static func keyCandidates(_ db: Database) throws -> [KeyReissueRequest.Candidate] {
        try Row.fetchAll(db, sql: KeyReissueRequest.scanSQL(jobs: "jobs", issued: "issued")).compactMap { row in
            guard let state = JobState(rawValue: row["state"]) else { return nil }
            return KeyReissueRequest.Candidate(
                sourceId: row["source_id"], vcId: row["vc_id"], state: state, vc: row["vc"], isCurrent: (row["is_current"] as Int64) == 1)
        }
    }

    /// `UPDATE jobs SET <set> WHERE <condition> AND source_id IN (…)`, 500 ids a statement
    /// (SQLite limits bound parameters); `leading` binds the placeholders of `set`.
    private static func update(
        _ db: Database, sourceIds: [String], set: String, condition: String, leading: [Double]
    ) throws {
        for start in stride(from: 0, to: sourceIds.count, by: 500) {
            let chunk = Array(sourceIds[start..<min(sourceIds.count, start + 500)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            var arguments = StatementArguments(leading)
            arguments += StatementArguments(chunk)
            try db.execute(sql: "UPDATE jobs SET \(set) WHERE \(condition) AND source_id IN (\(marks))", arguments: arguments)
        }
    }
}
