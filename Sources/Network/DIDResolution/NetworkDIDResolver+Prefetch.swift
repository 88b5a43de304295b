import Credentials
import JSONCanonical

extension NetworkDIDResolver {
    /// A synchronous ``DIDResolver`` loaded with the documents behind `verificationMethods`, so the
    /// synchronous verifiers (Data Integrity, VC-JWT) run unchanged. did:key and did:jwk need no fetch.
    ///
    /// - Throws: the first DID's failure, in the order given.
    public func prefetchedResolver(for verificationMethods: [String]) async throws(DIDResolutionError) -> DIDResolver {
        let (documents, failures) = await prefetch(verificationMethods)
        for method in verificationMethods {
            if let failure = failures[Self.did(of: method)] { throw failure }
        }
        do { return try DIDResolver(documents: documents) } catch { throw .did(error) }
    }

    /// Fetches the did:web documents behind `verificationMethods` concurrently, skipping DIDs in
    /// `skipping` (documents given by hand win); failures come back per DID instead of stopping the rest.
    public func prefetch(
        _ verificationMethods: [String], skipping: Set<String> = []
    ) async -> (documents: [JSONValue], failures: [String: DIDResolutionError]) {
        var dids: [String] = []
        for method in verificationMethods {
            let did = Self.did(of: method)
            if did.hasPrefix("did:web:"), !skipping.contains(did), !dids.contains(did) { dids.append(did) }
        }
        return await withTaskGroup(of: (String, Result<JSONValue, DIDResolutionError>).self) { group in
            for did in dids {
                group.addTask {
                    do throws(DIDResolutionError) {
                        return (did, .success(try await self.document(for: did)))
                    } catch {
                        return (did, .failure(error))
                    }
                }
            }
            var documents: [JSONValue] = []
            var failures: [String: DIDResolutionError] = [:]
            for await (did, outcome) in group {
                switch outcome {
                case .success(let document): documents.append(document)
                case .failure(let error): failures[did] = error
                }
            }
            return (documents, failures)
        }
    }
}

/// A fallback for a prefetched ``DIDResolver``: answers the DIDs whose fetch failed with that
/// failure, so a verifier reports why (refused, unreachable) instead of "no document supplied".
public struct FailedResolutions: VerificationMethodResolver {
    /// The failures by DID.
    public let failures: [String: DIDResolutionError]
    /// A hint appended to each message (how to supply the document by hand, say).
    public let hint: String

    /// Failures from ``NetworkDIDResolver/prefetch(_:skipping:)``.
    public init(_ failures: [String: DIDResolutionError], hint: String = "") {
        self.failures = failures
        self.hint = hint
    }

    /// Throws the recorded failure of the method's DID, or ``DIDError/documentNotSupplied(_:)``.
    public func resolve(_ verificationMethod: String) throws(DIDError) -> ResolvedVerificationMethod {
        let did = NetworkDIDResolver.did(of: verificationMethod)
        guard let failure = failures[did] else { throw .documentNotSupplied(did) }
        throw .unresolvable(did, reason: failure.description + hint)
    }
}
