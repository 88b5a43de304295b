import JSONCanonical
import Synchronization

/// The plans of one processor, by structural hash (``DocumentShape/structuralHash(_:)``).
///
/// A shape is compiled on its second sighting, so one-off documents (a `verify` of a handful of
/// foreign credentials) cost only the hash; a mapping profile's stream of credentials compiles
/// on the second and runs from the plan from the third. Bounded: a hash keeps a few plans (its
/// documents may differ in an exact leaf such as `type`) and stops compiling after repeated
/// failures; when the table is full it starts again, so any input can slow the cache down but
/// never make it wrong or large.
///
/// The hashes whose plans applied last are tried first, without hashing the document: a stream
/// of credentials of one or a few profiles finds its plan there, and the hash (a walk over every
/// key) is computed only when none of them takes the document. Trying a plan is safe for any
/// document, since ``DocumentShape/leaves(of:)`` checks the whole shape.
final class DocumentShapeCache: Sendable {
    /// Sightings before a shape is compiled.
    static let compileAt = 2
    /// Hashes tracked (seen, compiled or refused) before the table starts again.
    static let capacity = 256
    /// Plans kept per hash.
    static let plansPerHash = 4
    /// Failed compilations after which a hash is left to the general algorithm.
    static let failuresPerHash = 2
    /// Datasets larger than this are not compiled: a plan keeps its template and the document's
    /// exact parts, and credentials are far smaller (a TSG VC has about 20 quads).
    static let maximumQuads = 2_048

    struct Entry {
        var sightings = 0
        var failures = 0
        var plans: [DocumentShapePlan] = []
    }

    /// What the cache did, for tests and benchmarks.
    struct Statistics: Sendable, Equatable {
        /// Documents converted from a plan.
        var planned = 0
        /// Of ``planned``, those whose plan was found among the recent hashes, without hashing.
        var plannedRecent = 0
        /// Documents the general algorithm converted.
        var general = 0
        /// Plans made.
        var compiled = 0
        /// Compilations that found no exact plan.
        var refused = 0
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        /// Hashes whose plans are tried before the document is hashed.
        var recent = RecentHashes()
        var statistics = Statistics()
    }

    private let state = Mutex(State())

    init() {}

    var statistics: Statistics { state.withLock { $0.statistics } }

    /// The plans kept under `document`'s structural hash.
    func plans(for document: JSONValue) -> [DocumentShapePlan] {
        let hash = DocumentShape.structuralHash(document)
        return state.withLock { $0.entries[hash]?.plans ?? [] }
    }

    /// What a plan made of a document.
    enum Output {
        /// The canonical N-Quads, written by a plan without blank nodes.
        case nquads([UInt8])
        /// The dataset, for RDFC-1.0 to canonicalise.
        case dataset([RDFQuad])
    }

    /// What ``apply(_:preferNQuads:)`` found.
    enum Lookup {
        /// A plan applied.
        case applied(Output)
        /// No plan applied; the document's structural hash, for ``generalRun(_:hash:canonical:options:)``.
        case missed(hash: Int)
    }

    /// `document` through the first plan of its shape that applies. With `preferNQuads` a plan
    /// without blank nodes writes the canonical N-Quads itself; otherwise every plan gives the
    /// dataset. The plans of the recent hashes are tried first; the document is hashed only
    /// when none applies, and each plan is tried at most once.
    func apply(_ document: JSONValue, preferNQuads: Bool) -> Lookup {
        let recent = state.withLock { $0.recent }
        for position in 0..<recent.count {
            let hash = recent[position]
            if let output = apply(document, plansOf: hash, preferNQuads: preferNQuads) {
                noteApplied(hash: hash, recent: true)
                return .applied(output)
            }
        }
        let hash = DocumentShape.structuralHash(document)
        if !recent.contains(hash), let output = apply(document, plansOf: hash, preferNQuads: preferNQuads) {
            noteApplied(hash: hash, recent: false)
            return .applied(output)
        }
        return .missed(hash: hash)
    }

    private func apply(_ document: JSONValue, plansOf hash: Int, preferNQuads: Bool) -> Output? {
        let plans = state.withLock { $0.entries[hash]?.plans ?? [] }
        for plan in plans {
            if preferNQuads, plan.lines != nil {
                if let nquads = plan.canonicalNQuads(of: document) { return .nquads(nquads) }
            } else if let dataset = plan.dataset(of: document) {
                return .dataset(dataset)
            }
        }
        return nil
    }

    private func noteApplied(hash: Int, recent: Bool) {
        state.withLock { state in
            state.statistics.planned += 1
            if recent { state.statistics.plannedRecent += 1 }
            state.recent.promote(hash)
        }
    }

    /// Notes that the general algorithm converted `document` to `canonical`, and compiles its
    /// shape when it has been seen often enough.
    func generalRun(
        _ document: JSONValue, hash: Int, canonical: RDFCanonicalizer.Result, options: JSONLDProcessor.Options
    ) {
        let small = canonical.quads.count <= Self.maximumQuads
        let compile = state.withLock { state -> Bool in
            state.statistics.general += 1
            if state.entries[hash] == nil, state.entries.count >= Self.capacity {
                state.entries.removeAll()
                state.recent.removeAll()
            }
            var entry = state.entries[hash, default: Entry()]
            entry.sightings += 1
            state.entries[hash] = entry
            return small && entry.sightings >= Self.compileAt && entry.failures < Self.failuresPerHash
                && entry.plans.count < Self.plansPerHash
        }
        guard compile else { return }
        let plan = DocumentShapePlan.compile(document, options: options, canonical: canonical.nquads)
        state.withLock { state in
            var entry = state.entries[hash, default: Entry()]
            if let plan {
                entry.plans.append(plan)
                state.statistics.compiled += 1
            } else {
                entry.failures += 1
                state.statistics.refused += 1
            }
            state.entries[hash] = entry
        }
    }
}
