import JSONCanonical

/// Watches one expansion to learn which leaves of the document become which RDF terms.
///
/// The expander hands it the two places where a leaf's value is copied into the output without
/// changing what else expansion does: a scalar under a term (value expansion, API 5.3) and a
/// node's `@id`. The recorder replaces that value with a sentinel that cannot occur in the
/// document (a per-run nonce), so the quads the general algorithm writes show where each leaf
/// ends up. Every other leaf (keys, `@type` values, `@context`, `@language`, a `@json` value,
/// index and language maps, a blank node `@id`) is not recorded and stays part of the shape
/// compared exactly.
final class ShapeRecorder {
    struct Slot {
        var path: [JSONPathComponent]
        /// How the leaf's value becomes its term, as the plan will do it.
        var kind: DocumentShapePlan.Slot
    }

    private(set) var slots: [Slot] = []
    /// Set when a leaf would be recorded twice: the plan would be ambiguous, so none is made.
    private(set) var failed = false
    private var recordedPaths: Set<[JSONPathComponent]> = []

    let iriPrefix: String
    let literalPrefix: String

    init() {
        let nonce = String(UInt64.random(in: 1...UInt64.max), radix: 36)
        iriPrefix = "urn:x-certbridge-shape:\(nonce):"
        literalPrefix = "\u{E000}certbridge-shape:\(nonce):"
    }

    /// Whether `text` carries this run's nonce anywhere (a sentinel, or part of one).
    func mentionsSentinel(_ text: String) -> Bool {
        text.contains(iriPrefix) || text.contains(literalPrefix)
    }

    /// The slot whose sentinel `text` is exactly, for an IRI or a literal.
    func slot(iri text: String) -> Int? { Self.index(text, prefix: iriPrefix) }
    func slot(literal text: String) -> Int? { Self.index(text, prefix: literalPrefix) }

    private static func index(_ text: String, prefix: String) -> Int? {
        guard text.hasPrefix(prefix) else { return nil }
        return Int(text.dropFirst(prefix.count))
    }

    private func add(_ path: [JSONPathComponent], _ kind: DocumentShapePlan.Slot) -> Int? {
        guard recordedPaths.insert(path).inserted else {
            failed = true
            return nil
        }
        slots.append(Slot(path: path, kind: kind))
        return slots.count - 1
    }

    /// The value object (or IRI reference) to expand a scalar leaf to in place of `expanded`,
    /// which value expansion made from the leaf under `property` in `active`.
    func valueLeaf(
        _ expanded: JSONObject, property: String?, active: ActiveContext, path: [JSONPathComponent]
    ) -> JSONObject {
        if case .string(let iri)? = expanded["@id"] {
            // Only a value that became an absolute IRI is a slot; a blank node or anything else
            // stays exact, so the plan never has to reproduce it.
            guard Self.isSubstitutableIRI(iri) else { return expanded }
            let vocab = property.flatMap { active.terms[$0] }?.typeMapping == "@vocab"
            guard let index = add(path, .iri(.init(active, vocab: vocab))) else { return expanded }
            return ["@id": .string(iriPrefix + String(index))]
        }
        guard expanded["@value"] != nil, expanded["@type"] != "@json" else { return expanded }
        let kind = DocumentShapePlan.Slot.literal(datatype: expanded["@type"]?.stringValue, language: expanded["@language"]?.stringValue)
        guard let index = add(path, kind) else { return expanded }
        var replaced = expanded
        replaced["@value"] = .string(literalPrefix + String(index))
        return replaced
    }

    /// The `@id` of a node object in place of `iri`, which IRI expansion made of the leaf.
    func nodeID(_ iri: String, active: ActiveContext, path: [JSONPathComponent]) -> String {
        guard Self.isSubstitutableIRI(iri), let index = add(path, .iri(.init(active, vocab: false))) else { return iri }
        return iriPrefix + String(index)
    }

    /// An IRI the writer emits as it is: absolute, well formed, not a blank node or keyword.
    static func isSubstitutableIRI(_ iri: String) -> Bool {
        !iri.hasPrefix("_:") && !iri.hasPrefix("@") && IRIReference.isWellFormedAbsolute(iri)
    }
}
