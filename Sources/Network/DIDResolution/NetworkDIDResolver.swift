import Credentials
import Foundation
import JSONCanonical
import Logging
import NIOConcurrencyHelpers
import NIOHTTP1

/// The one DID resolver of the gateway: did:key and did:jwk answered locally, did:web fetched over
/// the ``GuardedHTTPClient`` (https only, checked addresses, limits) and cached as HTTP says.
///
/// Concurrent lookups of one DID share one fetch. Failures are remembered for
/// ``DIDResolutionSettings/failureCacheSeconds`` (10 s by default) so a broken holder is not
/// fetched on every delivery, yet a fixed one is seen soon.
public final class NetworkDIDResolver: Sendable {
    private struct State: Sendable {
        var cache: DIDDocumentCache
        var inFlight: [String: Task<Result<JSONValue, DIDResolutionError>, Never>] = [:]
    }

    /// The client the documents are fetched with (the DCP destination may share it).
    public let client: GuardedHTTPClient
    private let settings: DIDResolutionSettings
    private let state: NIOLockedValueBox<State>
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// A resolver fetching through `client`, with the cache rules of `client.settings`.
    ///
    /// - Parameter now: the clock for cache freshness (tests move it).
    public init(
        client: GuardedHTTPClient, logger: Logger = Logger(label: "certbridge.did-resolution"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.settings = client.settings
        self.state = NIOLockedValueBox(State(cache: DIDDocumentCache(maxEntries: client.settings.cacheMaxEntries)))
        self.now = now
        self.logger = logger
    }

    /// The DID document of `did` (a DID, not a DID URL).
    ///
    /// did:web documents must carry an `id` equal to the DID, or they are refused.
    public func document(for did: String) async throws(DIDResolutionError) -> JSONValue {
        if did.hasPrefix("did:key:") {
            do { return try DIDKey.resolve(did) } catch { throw .did(error) }
        }
        if did.hasPrefix(DIDJWK.prefix) {
            do { return try DIDJWK.document(for: did) } catch { throw .did(error) }
        }
        guard did.hasPrefix("did:web:") else { throw .did(.unsupportedMethod(did)) }
        let web: DIDWeb
        do { web = try DIDWeb(parsing: did) } catch { throw .did(error) }
        // The canonical spelling (lower-case host, encoded port) is the cache key and the expected id.
        let canonical = web.did
        return try await cachedOrFetched(did: did == canonical ? did : canonical, web: web)
    }

    /// The verification method `id` (a DID URL), with its key and relationships.
    public func verificationMethod(_ id: String) async throws(DIDResolutionError) -> ResolvedVerificationMethod {
        let did = Self.did(of: id)
        guard did.hasPrefix("did:web:") else {
            // did:key and did:jwk need no document fetch: the synchronous resolver answers them.
            do { return try DIDResolver().resolve(id) } catch { throw .did(error) }
        }
        let document = try await document(for: did)
        do { return try DIDDocument.resolve(id, in: document) } catch { throw .did(error) }
    }

    /// The DID without fragment, query or path.
    static func did(of url: String) -> String {
        String(url.prefix { $0 != "#" && $0 != "?" && $0 != "/" })
    }

    private func cachedOrFetched(did: String, web: DIDWeb) async throws(DIDResolutionError) -> JSONValue {
        let moment = now()
        let task: Task<Result<JSONValue, DIDResolutionError>, Never> = state.withLockedValue { state in
            if let running = state.inFlight[did] { return running }
            let lookup = state.cache.lookUp(did, now: moment)
            if case .fresh(let outcome) = lookup { return Task { outcome } }
            var stale: (etag: String?, lastModified: String?, document: JSONValue)?
            if case .stale(let etag, let lastModified, let document) = lookup { stale = (etag, lastModified, document) }
            let fetch = Task { [self] in await self.fetch(did: did, web: web, stale: stale) }
            state.inFlight[did] = fetch
            return fetch
        }
        return try await task.value.get()
    }

    /// Fetches (conditionally when a stale copy has validators), caches, and clears the in-flight mark.
    private func fetch(
        did: String, web: DIDWeb, stale: (etag: String?, lastModified: String?, document: JSONValue)?
    ) async -> Result<JSONValue, DIDResolutionError> {
        let url = web.documentURL
        var headers: HTTPHeaders = ["accept": "application/did+json, application/did+ld+json, application/json"]
        if let etag = stale?.etag { headers.add(name: "if-none-match", value: etag) }
        if let lastModified = stale?.lastModified { headers.add(name: "if-modified-since", value: lastModified) }
        let outcome: Result<(JSONValue, HTTPHeaders), DIDResolutionError>
        do {
            let response = try await client.execute(.init(method: .GET, url: url, headers: headers), subject: did)
            outcome = Self.document(from: response, did: did, url: url, stale: stale?.document).map { ($0, response.headers) }
        } catch {
            outcome = .failure(.http(error))
        }
        let moment = now()
        return state.withLockedValue { state in
            state.inFlight[did] = nil
            switch outcome {
            case .success(let (document, headers)):
                let freshness = HTTPFreshness.of(
                    headers, now: moment, defaultSeconds: settings.cacheDefaultSeconds, ceilingSeconds: settings.cacheCeilingSeconds)
                state.cache.store(did, document: document, headers: headers, freshness: freshness, now: moment)
                return .success(document)
            case .failure(let error):
                logger.warning("could not resolve a DID", metadata: ["did": "\(did)", "error": "\(error)"])
                state.cache.storeFailure(did, error, seconds: settings.failureCacheSeconds, now: moment)
                return .failure(error)
            }
        }
    }

    /// The document in a response: 200 with a JSON object whose `id` is the DID, or 304 for a stale copy.
    static func document(
        from response: GuardedHTTPClient.Response, did: String, url: String, stale: JSONValue?
    ) -> Result<JSONValue, DIDResolutionError> {
        if response.status == 304, let stale { return .success(stale) }
        guard response.status == 200 else {
            return .failure(.invalidDocument(did: did, url: url, reason: "answered HTTP \(response.status), not 200"))
        }
        let document: JSONValue
        do {
            document = try JSONValue(parsing: response.body)
        } catch {
            return .failure(.invalidDocument(did: did, url: url, reason: "is not JSON: \(error)"))
        }
        guard let id = document["id"]?.stringValue else {
            return .failure(.invalidDocument(did: did, url: url, reason: "is not a DID document (no string 'id')"))
        }
        guard id == did else {
            return .failure(
                .invalidDocument(did: did, url: url, reason: "has id '\(id)', not the DID it was fetched for (rule: document-id)"))
        }
        return .success(document)
    }
}
