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
        /// Documents the general algorithm converted.
        var general = 0
        /// Plans made.
        var compiled = 0
        /// Compilations that found no exact plan.
        var refused = 0
    }

    private struct State {
        var entries: [Int: Entry] = [:]
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

    /// `document` through the first plan of its shape that applies, or `nil` where none does.
    /// With `preferNQuads` a plan without blank nodes writes the canonical N-Quads itself;
    /// otherwise every plan gives the dataset. Each plan matches the document once.
    func apply(_ document: JSONValue, hash: Int, preferNQuads: Bool) -> Output? {
        let plans = state.withLock { $0.entries[hash]?.plans ?? [] }
        for plan in plans {
            let output: Output?
            if preferNQuads, plan.lines != nil {
                output = plan.canonicalNQuads(of: document).map(Output.nquads)
            } else {
                output = plan.dataset(of: document).map(Output.dataset)
            }
            if let output {
                state.withLock { $0.statistics.planned += 1 }
                return output
            }
        }
        return nil
    }

    /// Notes that the general algorithm converted `document` to `canonical`, and compiles its
    /// shape when it has been seen often enough.
    func generalRun(
        _ document: JSONValue, hash: Int, canonical: RDFCanonicalizer.Result, options: JSONLDProcessor.Options
    ) {
        let small = canonical.quads.count <= Self.maximumQuads
        let compile = state.withLock { state -> Bool in
            state.statistics.general += 1
            if state.entries[hash] == nil, state.entries.count >= Self.capacity { state.entries.removeAll() }
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
