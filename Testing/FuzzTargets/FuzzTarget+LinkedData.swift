import JSONCanonical
import LinkedData

extension FuzzTargets {
    /// JSON-LD expansion and toRdf with the bundled contexts (nothing fetched), strict as for
    /// signing and lax as for inspecting foreign documents; the dataset then has the N-Quads
    /// properties below.
    static let jsonld = FuzzTarget(
        "jsonld", "JSON-LD toRdf (strict and lax, bundled contexts): the dataset's N-Quads reparse to it; RDFC-1.0 output is a fixed point"
    ) { input throws(FuzzFinding) in
        guard let document = try? JSONParser().parse(input) else { return }
        for strict in [true, false] {
            let processor = JSONLDProcessor(options: .init(strict: strict))
            guard let quads = try? processor.toRDF(document) else { continue }
            try expectNQuadsProperties(quads, target: "jsonld")
        }
    }

    /// The N-Quads parser: what parses serialises to text that reparses to the same quads, and
    /// its RDFC-1.0 canonical form is a fixed point.
    static let nquads = FuzzTarget(
        "nquads", "NQuadsParser: serialised quads reparse to the same quads; RDFC-1.0 canonical N-Quads canonicalise to themselves"
    ) { input throws(FuzzFinding) in
        guard let quads = try? NQuadsParser().parse(bytes: input) else { return }
        try expectNQuadsProperties(quads, target: "nquads")
    }

    /// A work limit below the default keeps one input's canonicalisation short under the fuzzer;
    /// exceeding it is the typed refusal the gateway relies on against blank-node bombs.
    static let canonicalizer = RDFCanonicalizer(options: .init(workLimit: 20_000))

    static func expectNQuadsProperties(_ quads: [RDFQuad], target: String) throws(FuzzFinding) {
        let text = NQuadsSerializer.document(quads)
        let reparsed: [RDFQuad]
        do {
            reparsed = try NQuadsParser().parse(text)
        } catch {
            throw FuzzFinding(target: target, property: "serialised N-Quads do not reparse (\(error)): \(text.prefix(300))")
        }
        try expect(reparsed == quads, target, "serialised N-Quads reparse to different quads: \(text.prefix(300))")
        guard let canonical = try? canonicalizer.canonicalize(quads) else { return }
        let canonicalQuads: [RDFQuad]
        do {
            canonicalQuads = try NQuadsParser().parse(bytes: canonical.nquads)
        } catch {
            throw FuzzFinding(target: target, property: "canonical N-Quads do not reparse (\(error)): \(canonical.nquadsString.prefix(300))")
        }
        let again: RDFCanonicalizer.Result
        do {
            again = try canonicalizer.canonicalize(canonicalQuads)
        } catch {
            throw FuzzFinding(target: target, property: "canonical N-Quads cannot be canonicalised again (\(error))")
        }
        try expect(again.nquads == canonical.nquads, target, "canonicalising twice changes the N-Quads: \(canonical.nquadsString.prefix(300))")
    }
}
