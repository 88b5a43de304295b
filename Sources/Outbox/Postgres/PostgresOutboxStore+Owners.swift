import Outbox
import Foundation
import Logging
import PostgresNIO

/// Heartbeats in `certbridge_owners` (``LeaseOwnerRegistry``). Every time here, and every lease
/// in ``claimDue(owner:now:limit:lease:states:)`` and ``save(_:owner:keepLease:now:lease:)``, is
/// read and compared on the database's clock (`clock_timestamp()`), so instances on hosts whose
/// clocks disagree still judge each other's leases and heartbeats alike; the callers' `now` is
/// not used for them.
extension PostgresOutboxStore {
    /// v4: the same columns as SQLite's `owners`.
    static let ownersStatements = [
        """
        CREATE TABLE certbridge_owners (
            owner TEXT PRIMARY KEY,
            host TEXT NOT NULL,
            pid BIGINT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL,
            last_seen TIMESTAMPTZ NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL
        )
        """,
        "CREATE INDEX certbridge_jobs_lease_owner ON certbridge_jobs (lease_owner)",
    ]

    /// The condition (on `certbridge_jobs`) under which a leased job may be taken: its lease ran
    /// out, or its owner is dead, both on the database's clock.
    static let claimableLease = """
        (lease_until IS NULL OR lease_until <= clock_timestamp()
            OR lease_owner IN (SELECT owner FROM certbridge_owners WHERE expires_at <= clock_timestamp()))
        """

    /// Registers or refreshes the owner and renews the leases of the jobs it works on, in one transaction.
    public func heartbeat(_ owner: LeaseOwner, holding: [Int64], lease: Duration, timeout: Duration, now: Date)
        async throws(OutboxError) -> HeartbeatOutcome
    {
        try await transaction { connection, logger in
            // Row-locked, so two beats of one owner (never expected) cannot both register it.
            let previous = try await connection.query(
                """
                SELECT expires_at <= clock_timestamp() FROM certbridge_owners WHERE owner = \(owner.name) FOR UPDATE
                """, logger: logger
            ).collect().first.map { try $0.decode(Bool.self) }
            try await connection.query(
                """
                INSERT INTO certbridge_owners (owner, host, pid, started_at, last_seen, expires_at)
                VALUES (\(owner.name), \(owner.host), \(Int64(owner.pid)), clock_timestamp(), clock_timestamp(),
                    clock_timestamp() + make_interval(secs => \(timeout.seconds)))
                ON CONFLICT (owner) DO UPDATE SET host = excluded.host, pid = excluded.pid,
                    last_seen = excluded.last_seen, expires_at = excluded.expires_at
                """, logger: logger)
            if !holding.isEmpty {
                try await connection.query(
                    """
                    UPDATE certbridge_jobs SET lease_until = clock_timestamp() + make_interval(secs => \(lease.seconds))
                    WHERE lease_owner = \(owner.name) AND id = ANY(\(holding))
                    """, logger: logger)
            }
            try await connection.query(
                """
                DELETE FROM certbridge_owners WHERE expires_at <= clock_timestamp() AND owner <> \(owner.name)
                    AND NOT EXISTS (SELECT 1 FROM certbridge_jobs WHERE certbridge_jobs.lease_owner = certbridge_owners.owner)
                """, logger: logger)
            guard let previous else { return HeartbeatOutcome.registered }
            return previous ? .revived : .renewed
        }
    }

    /// Deletes the owner's row and releases its leases.
    @discardableResult
    public func retireOwner(named owner: String) async throws(OutboxError) -> Int {
        try await transaction { connection, logger in
            try await connection.query("DELETE FROM certbridge_owners WHERE owner = \(owner)", logger: logger)
            return try await connection.query(
                """
                UPDATE certbridge_jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = \(owner) RETURNING id
                """, logger: logger
            ).collect().count
        }
    }

    /// Every registered owner with its number of leased jobs; alive means its expiry is ahead of the database's clock.
    public func leaseOwners(now: Date) async throws(OutboxError) -> [LeaseOwnerStatus] {
        try await read { connection, logger in
            let rows = try await connection.query(
                """
                SELECT owner, host, pid, started_at, last_seen, expires_at, expires_at > clock_timestamp(),
                    (SELECT COUNT(*) FROM certbridge_jobs WHERE certbridge_jobs.lease_owner = certbridge_owners.owner)
                FROM certbridge_owners ORDER BY started_at, owner
                """, logger: logger
            ).collect()
            return try rows.map { row in
                let (name, host, pid, started, seen, expires, alive, leased) = try row.decode(
                    (String, String, Int64, Date, Date, Date, Bool, Int64).self)
                return LeaseOwnerStatus(
                    owner: LeaseOwner(name: name, host: host, pid: Int(pid)), startedAt: started, lastSeen: seen,
                    expiresAt: expires, isAlive: alive, leasedJobs: Int(leased))
            }
        }
    }
}
