// TEMPORARY until the pg-lifecycle branch is merged; must not land.
import Foundation
import Outbox

extension PostgresOutboxStore {
    public func reserveStatusIndexes(_ family: StatusListFamily, count: Int, listEntries: Int, now: Date) async throws(OutboxError) -> [StatusSlot] { throw .database("TEMP") }
    public func changeStatus(of id: String, _ change: StatusChange, reason: String, actor: String, now: Date) async throws(OutboxError) -> [StatusChangeResult] { throw .database("TEMP") }
    public func issued(matching id: String) async throws(OutboxError) -> [IssuedCredential] { throw .database("TEMP") }
    public func auditTrail(subject: String?, limit: Int) async throws(OutboxError) -> [AuditEntry] { throw .database("TEMP") }
    public func publishStatusLists(now: Date, rule: StatusPublicationRule, sign: @escaping @Sendable (StatusListRecord, Date) throws -> String) async throws(OutboxError) -> Int { throw .database("TEMP") }
    public func publishedStatusList(slug: String) async throws(OutboxError) -> PublishedStatusList? { throw .database("TEMP") }
    public func publishedStatusLists() async throws(OutboxError) -> [PublishedStatusList] { throw .database("TEMP") }
    public func jobs(sourceIds: [String]) async throws(OutboxError) -> [DeliveryJob] { throw .database("TEMP") }
    public func sourceIdsWithCurrentVCs() async throws(OutboxError) -> [String] { throw .database("TEMP") }
    public func requestReissue(profile: String, now: Date) async throws(OutboxError) -> Int { throw .database("TEMP") }
    public func cursor(named name: String) async throws(OutboxError) -> String? { throw .database("TEMP") }
    public func setCursor(named name: String, to value: String?, now: Date) async throws(OutboxError) { throw .database("TEMP") }
}
