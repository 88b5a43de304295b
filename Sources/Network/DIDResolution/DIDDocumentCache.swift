import Foundation
import JSONCanonical
import NIOHTTP1

/// The resolver's cache: documents with their validators and freshness, recent failures, bounded
/// by entry count (least recently used out first). A value type under the resolver's lock; no I/O.
struct DIDDocumentCache: Sendable {
    struct Entry: Sendable {
        /// The document, or the failure remembered for a short while.
        var outcome: Result<JSONValue, DIDResolutionError>
        /// Until when it may be used without asking the server.
        var freshUntil: Date
        /// `ETag` for `If-None-Match`.
        var etag: String?
        /// `Last-Modified` for `If-Modified-Since`.
        var lastModified: String?
        /// Use counter at the last use, for eviction.
        var lastUsed: UInt64
    }

    /// What a lookup found.
    enum Lookup {
        /// Fresh: use it.
        case fresh(Result<JSONValue, DIDResolutionError>)
        /// Stale document with validators (or none): fetch, conditionally when validators exist.
        case stale(etag: String?, lastModified: String?, document: JSONValue)
        /// Nothing usable.
        case missing
    }

    let maxEntries: Int
    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0

    init(maxEntries: Int) {
        self.maxEntries = max(1, maxEntries)
    }

    var count: Int { entries.count }

    mutating func lookUp(_ did: String, now: Date) -> Lookup {
        guard var entry = entries[did] else { return .missing }
        clock += 1
        entry.lastUsed = clock
        entries[did] = entry
        if entry.freshUntil > now { return .fresh(entry.outcome) }
        guard case .success(let document) = entry.outcome, entry.etag != nil || entry.lastModified != nil else {
            entries[did] = nil
            return .missing
        }
        return .stale(etag: entry.etag, lastModified: entry.lastModified, document: document)
    }

    /// Keeps a fetched document for `freshness`, with the response's validators.
    mutating func store(_ did: String, document: JSONValue, headers: HTTPHeaders, freshness: HTTPFreshness, now: Date) {
        let etag = headers.first(name: "etag")
        let lastModified = headers.first(name: "last-modified")
        // Kept while fresh, or while stale when it can be revalidated cheaply; no-store never.
        guard freshness.storable, freshness.seconds > 0 || etag != nil || lastModified != nil else {
            entries[did] = nil
            return
        }
        insert(
            did,
            Entry(
                outcome: .success(document), freshUntil: now.addingTimeInterval(TimeInterval(freshness.seconds)), etag: etag,
                lastModified: lastModified, lastUsed: 0))
    }

    /// Remembers a failure for `seconds` (0: not at all).
    mutating func storeFailure(_ did: String, _ error: DIDResolutionError, seconds: Int, now: Date) {
        guard seconds > 0 else {
            entries[did] = nil
            return
        }
        insert(did, Entry(outcome: .failure(error), freshUntil: now.addingTimeInterval(TimeInterval(seconds)), lastUsed: 0))
    }

    private mutating func insert(_ did: String, _ entry: Entry) {
        var entry = entry
        clock += 1
        entry.lastUsed = clock
        if entries[did] == nil, entries.count >= maxEntries,
            let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key
        {
            entries[oldest] = nil
        }
        entries[did] = entry
    }
}
