import Foundation
import GRDB

/// Heartbeats in the `owners` table (``LeaseOwnerRegistry``). SQLite serves one host, so the
/// process clock (`now`) is the clock every owner shares.
extension SQLiteOutboxStore {
    /// v4: one row per claiming process; `expires_at` is its last heartbeat plus its own timeout,
    /// so owners with different settings judge each other correctly.
    static let ownersSchema = """
        CREATE TABLE owners (
            owner TEXT PRIMARY KEY,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started_at REAL NOT NULL,
            last_seen REAL NOT NULL,
            expires_at REAL NOT NULL
        );
        CREATE INDEX jobs_lease_owner ON jobs(lease_owner)
        """

    /// The condition (on `jobs`) under which a leased job may be taken: its lease ran out, or its owner is dead.
    static let claimableLease =
        "(lease_until IS NULL OR lease_until <= :now OR lease_owner IN (SELECT owner FROM owners WHERE expires_at <= :now))"

    /// Registers or refreshes the owner and renews the leases of the jobs it works on, in one transaction.
    public func heartbeat(_ owner: LeaseOwner, holding: [Int64], lease: Duration, timeout: Duration, now: Date)
        async throws(OutboxError) -> HeartbeatOutcome
    {
        let time = now.timeIntervalSince1970
        return try await immediate { db in
            let previous = try Double.fetchOne(
                db, sql: "SELECT expires_at FROM owners WHERE owner = ?", arguments: [owner.name])
            try db.execute(
                sql: """
                    INSERT INTO owners (owner, host, pid, started_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (owner) DO UPDATE SET host = excluded.host, pid = excluded.pid,
                        last_seen = excluded.last_seen, expires_at = excluded.expires_at
                    """,
                arguments: [owner.name, owner.host, owner.pid, time, time, time + timeout.seconds])
            if !holding.isEmpty {
                // Ids are integers from our own jobs, so the list is written inline.
                let ids = holding.map(String.init).joined(separator: ", ")
                try db.execute(
                    sql: "UPDATE jobs SET lease_until = ? WHERE lease_owner = ? AND id IN (\(ids))",
                    arguments: [time + lease.seconds, owner.name])
            }
            // A dead owner with no job left is only noise for operators.
            try db.execute(
                sql: """
                    DELETE FROM owners WHERE expires_at <= ? AND owner <> ?
                        AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.lease_owner = owners.owner)
                    """,
                arguments: [time, owner.name])
            guard let previous else { return HeartbeatOutcome.registered }
            return previous <= time ? .revived : .renewed
        }
    }

    /// Deletes the owner's row and releases its leases.
    @discardableResult
    public func retireOwner(named owner: String) async throws(OutboxError) -> Int {
        try await immediate { db in
            try db.execute(sql: "DELETE FROM owners WHERE owner = ?", arguments: [owner])
            try db.execute(
                sql: "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", arguments: [owner])
            return db.changesCount
        }
    }

    /// Every registered owner with its number of leased jobs.
    public func leaseOwners(now: Date) async throws(OutboxError) -> [LeaseOwnerStatus] {
        let time = now.timeIntervalSince1970
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT owners.*, (SELECT COUNT(*) FROM jobs WHERE jobs.lease_owner = owners.owner) AS leased
                    FROM owners ORDER BY started_at, owner
                    """
            ).map { row in
                let expires: Double = row["expires_at"]
                return LeaseOwnerStatus(
                    owner: LeaseOwner(name: row["owner"], host: row["host"], pid: row["pid"]),
                    startedAt: Date(timeIntervalSince1970: row["started_at"]),
                    lastSeen: Date(timeIntervalSince1970: row["last_seen"]),
                    expiresAt: Date(timeIntervalSince1970: expires), isAlive: expires > time, leasedJobs: row["leased"])
            }
        }
    }
}
