import JSONCanonical
import LinkedData
import Synchronization

/// Canonical proof configurations that differ only in `created`, worked out once.
///
/// A signer's proof options are the same for every credential it signs (type, cryptosuite,
/// verification method, purpose, and the profile's `@context`) except the time. So the RDFC-1.0
/// form of the options is computed once with a sentinel time and kept as bytes around that
/// literal; each proof then writes its own time into the gap. The general algorithm decides
/// whether that is exact, and the template is kept only when it is:
///
/// - at most one blank node (the proof node), so its canonical label (`c14n0`) cannot depend on
///   the time through the first-degree hashes;
/// - exactly one quad has the sentinel as a literal, so the time is a lexical form copied as
///   written, and no other quad mentions it;
/// - no other canonical line starts with that line's bytes up to the literal, so the sort order
///   of the lines is decided before the time and cannot change with it.
///
/// Anything else (no `created`, a non-string one, more blank nodes, a probe that fails) takes
/// the general path.
/// `ProofConfigurationTemplateTests` hold the two paths to the same bytes.
final class ProofConfigurationTemplates: Sendable {
    /// The canonical bytes before the time's lexical form (the lines sorted before its line and
    /// that line's start) and after it (the line's end and the lines sorted after).
    struct Template: Sendable {
        var head: [UInt8]
        var tail: [UInt8]

        func bytes(created: String) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(head.count + tail.count + created.utf8.count + 8)
            out.append(contentsOf: head)
            NQuadsSerializer.appendEscapedLiteral(created, to: &out)
            out.append(contentsOf: tail)
            return out
        }
    }

    /// A time no proof carries, free of characters N-Quads escapes, so it is found in the line as written.
    static let sentinel = "certbridge-proof-created-sentinel-7f3a9c"

    /// Bound on the shapes kept (one per signer and context list in practice); when full the
    /// cache starts again.
    static let capacity = 64

    /// Proof configuration without `created` → its template, or `nil` where none is exact;
    /// and the entry used last, which a signer asks for again and again: comparing with it is
    /// cheaper than hashing the configuration (its strings are the signer's own, compared by
    /// identity first).
    private struct Entries {
        var byShape: [JSONValue: Template?] = [:]
        var last: (shape: JSONValue, template: Template?)?
    }

    private let entries = Mutex(Entries())

    init() {}

    /// How many shapes have been worked out (with or without a usable template); for tests.
    var count: Int { entries.withLock { $0.byShape.count } }

    /// The canonical N-Quads of `configuration` from its template, or `nil` where the general
    /// algorithm must run (no string `created`, or no exact template for this shape).
    func canonical(
        _ configuration: JSONObject, canonicalize: (JSONValue) throws -> RDFCanonicalizer.Result
    ) -> [UInt8]? {
        guard case .string(let created) = configuration["created"] else { return nil }
        var shape = configuration
        shape["created"] = nil
        let key = JSONValue.object(shape)
        let known = entries.withLock { entries -> Template?? in
            if let last = entries.last, last.shape == key { return .some(last.template) }
            guard let found = entries.byShape[key] else { return nil }
            entries.last = (key, found)
            return .some(found)
        }
        if let known { return known?.bytes(created: created) }
        var probe = configuration
        probe["created"] = .string(Self.sentinel)
        // A probe the general algorithm refuses leaves this shape to it, errors and all.
        let template = (try? canonicalize(.object(probe))).flatMap(Self.template(from:))
        entries.withLock { entries in
            if entries.byShape.count >= Self.capacity { entries.byShape.removeAll() }
            entries.byShape[key] = .some(template)
            entries.last = (key, template)
        }
        return template?.bytes(created: created)
    }

    /// The template of a sentinel run, if the conditions above hold.
    static func template(from result: RDFCanonicalizer.Result) -> Template? {
        guard result.issuedIdentifiers.count <= 1 else { return nil }
        let lines = result.quads.map(NQuadsSerializer.line)
        let carriers = result.quads.indices.filter { index in
            let quad = result.quads[index]
            let mentions = [quad.subject, quad.predicate, quad.object] + (quad.graph.map { [$0] } ?? [])
            return mentions.contains { term in
                switch term {
                case .literal(let literal): literal.value.contains(sentinel) || literal.datatype.contains(sentinel)
                case .iri(let iri): iri.contains(sentinel)
                case .blankNode(let label): label.contains(sentinel)
                }
            }
        }
        guard carriers.count == 1, let carrier = carriers.first,
              case .literal(let literal) = result.quads[carrier].object, literal.value == sentinel
        else { return nil }
        let line = lines[carrier]
        let quoted = Array(("\"" + sentinel + "\"").utf8)
        guard let start = firstRange(of: quoted, in: line) else { return nil }
        let prefix = Array(line[..<(start + 1)])
        let suffix = Array(line[(start + quoted.count - 1)...])
        for (index, other) in lines.enumerated() where index != carrier && other.starts(with: prefix) {
            return nil
        }
        var head: [UInt8] = []
        for other in lines[..<carrier] { head.append(contentsOf: other) }
        head.append(contentsOf: prefix)
        var tail = suffix
        for other in lines[(carrier + 1)...] { tail.append(contentsOf: other) }
        guard head.count + sentinel.utf8.count + tail.count == result.nquads.count else { return nil }
        return Template(head: head, tail: tail)
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
