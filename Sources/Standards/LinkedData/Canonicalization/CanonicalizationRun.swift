import Crypto

/// The state of one RDFC-1.0 run (section 4.4 of the specification).
///
/// A class because the recursive algorithms share the canonical issuer and the work counter.
final class CanonicalizationRun {
    private let quads: [RDFQuad]
    private let options: RDFCanonicalizer.Options
    /// Blank node label → indices of the quads that mention it.
    private var quadsByBlankNode: [String: [Int]] = [:]
    private var canonicalIssuer = IdentifierIssuer(prefix: "c14n")
    private var firstDegreeCache: [String: String] = [:]
    private var work = 0

    /// Each quad's N-Quads line with its input labels: what duplicates are found by, and the
    /// output line of every quad without blank nodes.
    private let lines: [[UInt8]]

    init(quads: [RDFQuad], options: RDFCanonicalizer.Options) {
        // Duplicates are found by sorting the serialised lines (the serialisation is one to one)
        // instead of hashing every term of every quad into a set.
        let serialised = quads.map(NQuadsSerializer.line)
        let order = serialised.indices.sorted { CodePointOrder.less(serialised[$0], serialised[$1]) }
        var unique: [RDFQuad] = []
        var uniqueLines: [[UInt8]] = []
        unique.reserveCapacity(quads.count)
        uniqueLines.reserveCapacity(quads.count)
        for index in order where uniqueLines.last != serialised[index] {
            unique.append(quads[index])
            uniqueLines.append(serialised[index])
        }
        self.quads = unique
        self.lines = uniqueLines
        self.options = options
    }

    func execute() throws(RDFCanonicalizationError) -> RDFCanonicalizer.Result {
        for (index, quad) in quads.enumerated() {
            noteBlankNode(quad.subject, in: index)
            noteBlankNode(quad.object, in: index)
            if let graph = quad.graph { noteBlankNode(graph, in: index) }
        }

        var blankNodesByHash: [String: [String]] = [:]
        for label in quadsByBlankNode.keys {
            blankNodesByHash[hashFirstDegree(label), default: []].append(label)
        }

        // Unique first-degree hashes get canonical identifiers in hash order.
        for hash in blankNodesByHash.keys.sorted(by: Self.codePointLess) {
            guard let labels = blankNodesByHash[hash], labels.count == 1 else { continue }
            canonicalIssuer.issue(labels[0])
            blankNodesByHash[hash] = nil
        }

        // Shared hashes: distinguish the nodes by their n-degree neighbourhoods.
        for hash in blankNodesByHash.keys.sorted(by: Self.codePointLess) {
            var paths: [(hash: String, issuer: IdentifierIssuer)] = []
            for label in blankNodesByHash[hash] ?? [] where canonicalIssuer.identifier(for: label) == nil {
                var temporary = IdentifierIssuer(prefix: "b")
                temporary.issue(label)
                paths.append(try hashNDegreeQuads(label, issuer: temporary))
            }
            for path in paths.sorted(by: { Self.codePointLess($0.hash, $1.hash) }) {
                for existing in path.issuer.order { canonicalIssuer.issue(existing) }
            }
        }

        return output()
    }

    private func noteBlankNode(_ term: RDFTerm, in index: Int) {
        if case .blankNode(let label) = term, quadsByBlankNode[label]?.last != index {
            quadsByBlankNode[label, default: []].append(index)
        }
    }

    private func output() -> RDFCanonicalizer.Result {
        let issued = canonicalIssuer.issued
        // Without blank nodes nothing is relabelled: the lines are already sorted and unique.
        if quadsByBlankNode.isEmpty {
            var document: [UInt8] = []
            document.reserveCapacity(lines.reduce(0) { $0 + $1.count })
            for line in lines { document.append(contentsOf: line) }
            return RDFCanonicalizer.Result(quads: quads, issuedIdentifiers: issued, nquads: document, work: work)
        }
        func relabel(_ term: RDFTerm) -> RDFTerm {
            if let label = term.blankNodeLabel, let canonical = issued[label] { return .blankNode(canonical) }
            return term
        }
        var relabelled: [RDFQuad] = []
        var lines: [[UInt8]] = []
        relabelled.reserveCapacity(quads.count)
        lines.reserveCapacity(quads.count)
        for (index, quad) in quads.enumerated() {
            guard quad.subject.isBlankNode || quad.object.isBlankNode || quad.graph?.isBlankNode == true else {
                relabelled.append(quad)
                lines.append(self.lines[index])
                continue
            }
            let renamed = RDFQuad(
                subject: relabel(quad.subject),
                predicate: quad.predicate,
                object: relabel(quad.object),
                graph: quad.graph.map(relabel)
            )
            relabelled.append(renamed)
            lines.append(NQuadsSerializer.line(renamed))
        }
        // Sort positions, not (line, quad) pairs, to avoid copying quads around.
        let order = lines.indices.sorted { CodePointOrder.less(lines[$0], lines[$1]) }
        var document: [UInt8] = []
        document.reserveCapacity(lines.reduce(0) { $0 + $1.count })
        var sortedQuads: [RDFQuad] = []
        sortedQuads.reserveCapacity(lines.count)
        var previous: Int?
        for index in order {
            if let previous, lines[previous] == lines[index] { continue }
            document.append(contentsOf: lines[index])
            sortedQuads.append(relabelled[index])
            previous = index
        }
        return RDFCanonicalizer.Result(quads: sortedQuads, issuedIdentifiers: issued, nquads: document, work: work)
    }

    // MARK: Hashing

    private func digestHex(_ bytes: [UInt8]) -> String {
        switch options.hashAlgorithm {
        case .sha256: Self.hex(SHA256.hash(data: bytes))
        case .sha384: Self.hex(SHA384.hash(data: bytes))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(96)
        for byte in digest {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Code point order of strings.
    static func codePointLess(_ lhs: String, _ rhs: String) -> Bool {
        CodePointOrder.less(lhs, rhs)
    }

    /// 4.6: the hash of a node's quads with itself as `_:a` and every other blank node as `_:z`.
    private func hashFirstDegree(_ label: String) -> String {
        if let cached = firstDegreeCache[label] { return cached }
        var lines: [[UInt8]] = []
        for index in quadsByBlankNode[label] ?? [] {
            var line: [UInt8] = []
            NQuadsSerializer.append(quads[index], to: &line) { $0 == label ? "a" : "z" }
            lines.append(line)
        }
        lines.sort(by: CodePointOrder.less)
        var joined: [UInt8] = []
        joined.reserveCapacity(lines.reduce(0) { $0 + $1.count })
        for line in lines { joined.append(contentsOf: line) }
        let hash = digestHex(joined)
        firstDegreeCache[label] = hash
        return hash
    }

    /// 4.7: the hash that links `related` to the node being hashed through `quad` at `position`.
    private func hashRelatedBlankNode(
        _ related: String, quad: RDFQuad, issuer: IdentifierIssuer, position: UInt8
    ) -> String {
        var input: [UInt8] = [position]
        if position != UInt8(ascii: "g"), case .iri(let predicate) = quad.predicate {
            input.append(0x3C)
            input.append(contentsOf: predicate.utf8)
            input.append(0x3E)
        }
        if let canonical = canonicalIssuer.identifier(for: related) {
            input.append(contentsOf: "_:".utf8)
            input.append(contentsOf: canonical.utf8)
        } else if let temporary = issuer.identifier(for: related) {
            input.append(contentsOf: "_:".utf8)
            input.append(contentsOf: temporary.utf8)
        } else {
            input.append(contentsOf: hashFirstDegree(related).utf8)
        }
        return digestHex(input)
    }

    private func countWork() throws(RDFCanonicalizationError) {
        work += 1
        if work > options.workLimit {
            throw .workLimitExceeded(limit: options.workLimit, blankNodes: quadsByBlankNode.count)
        }
    }

    /// 4.8: the hash of a node's n-degree neighbourhood, trying every order of equally hashed
    /// neighbours and keeping the lexicographically least path.
    private func hashNDegreeQuads(
        _ label: String, issuer startIssuer: IdentifierIssuer
    ) throws(RDFCanonicalizationError) -> (hash: String, issuer: IdentifierIssuer) {
        try countWork()
        var issuer = startIssuer
        var relatedByHash: [String: [String]] = [:]
        for index in quadsByBlankNode[label] ?? [] {
            let quad = quads[index]
            let components: [(RDFTerm?, UInt8)] = [
                (quad.subject, UInt8(ascii: "s")), (quad.object, UInt8(ascii: "o")), (quad.graph, UInt8(ascii: "g")),
            ]
            for (term, position) in components {
                guard let related = term?.blankNodeLabel, related != label else { continue }
                let hash = hashRelatedBlankNode(related, quad: quad, issuer: issuer, position: position)
                relatedByHash[hash, default: []].append(related)
            }
        }

        var dataToHash: [UInt8] = []
        for relatedHash in relatedByHash.keys.sorted(by: Self.codePointLess) {
            dataToHash.append(contentsOf: relatedHash.utf8)
            var chosenPath: [UInt8] = []
            var chosenIssuer: IdentifierIssuer?
            var permutations = Permutations(relatedByHash[relatedHash] ?? [])
            while let permutation = permutations.next() {
                try countWork()
                if let candidate = try pathForPermutation(permutation, issuer: issuer, chosenPath: chosenPath) {
                    if chosenIssuer == nil || CodePointOrder.less(candidate.path, chosenPath) {
                        chosenPath = candidate.path
                        chosenIssuer = candidate.issuer
                    }
                }
            }
            dataToHash.append(contentsOf: chosenPath)
            if let chosenIssuer { issuer = chosenIssuer }
        }
        return (digestHex(dataToHash), issuer)
    }

    /// One permutation's path, or `nil` as soon as it cannot beat `chosenPath`.
    private func pathForPermutation(
        _ permutation: [String], issuer: IdentifierIssuer, chosenPath: [UInt8]
    ) throws(RDFCanonicalizationError) -> (path: [UInt8], issuer: IdentifierIssuer)? {
        var issuerCopy = issuer
        var path: [UInt8] = []
        var recursionList: [String] = []
        func cannotWin() -> Bool {
            !chosenPath.isEmpty && path.count >= chosenPath.count && CodePointOrder.less(chosenPath, path)
        }
        for related in permutation {
            path.append(contentsOf: "_:".utf8)
            if let canonical = canonicalIssuer.identifier(for: related) {
                path.append(contentsOf: canonical.utf8)
            } else {
                if issuerCopy.identifier(for: related) == nil { recursionList.append(related) }
                path.append(contentsOf: issuerCopy.issue(related).utf8)
            }
            if cannotWin() { return nil }
        }
        for related in recursionList {
            let result = try hashNDegreeQuads(related, issuer: issuerCopy)
            path.append(contentsOf: "_:".utf8)
            path.append(contentsOf: issuerCopy.issue(related).utf8)
            path.append(0x3C)
            path.append(contentsOf: result.hash.utf8)
            path.append(0x3E)
            issuerCopy = result.issuer
            if cannotWin() { return nil }
        }
        return (path, issuerCopy)
    }
}
