import Foundation
import JSONCanonical

/// Deserialize JSON-LD to RDF (JSON-LD 1.1 API, 8.1–8.3) from a node map.
struct RDFWriter {
    private var quads: [RDFQuad] = []
    private var listCounter = 0
    private let listPrefix: String

    /// `listPrefix` must not collide with the node map's `_:b…` labels.
    init(listPrefix: String = "_:l") { self.listPrefix = listPrefix }

    static func quads(from nodeMap: NodeMap) -> [RDFQuad] {
        var writer = RDFWriter()
        let names = nodeMap.graphNames
        for graphIndex in names.indices.sorted(by: { CanonicalizationRun.codePointLess(names[$0], names[$1]) }) {
            let graphName = names[graphIndex]
            let graphTerm: RDFTerm?
            if graphName == "@default" {
                graphTerm = nil
            } else if let term = term(forID: graphName) {
                graphTerm = term
            } else {
                continue
            }
            let graph = nodeMap.graphs[graphIndex]
            for position in graph.ids.indices.sorted(by: { CanonicalizationRun.codePointLess(graph.ids[$0], graph.ids[$1]) }) {
                guard let subject = term(forID: graph.ids[position]) else { continue }
                let node = graph.nodes[position]
                for type in node.types {
                    guard let object = term(forID: type) else { continue }
                    writer.quads.append(RDFQuad(subject: subject, predicate: .iri(RDFVocabulary.rdfType), object: object, graph: graphTerm))
                }
                let properties = node.propertyOrder
                for slot in properties.indices.sorted(by: { CanonicalizationRun.codePointLess(properties[$0], properties[$1]) }) {
                    let property = properties[slot]
                    guard !property.hasPrefix("@"), !property.hasPrefix("_:"),
                          IRIReference.isWellFormedAbsolute(property)
                    else { continue }
                    for item in node.values[slot] {
                        if let object = writer.object(item, graph: graphTerm) {
                            writer.quads.append(RDFQuad(subject: subject, predicate: .iri(property), object: object, graph: graphTerm))
                        }
                    }
                }
            }
        }
        return writer.quads
    }

    private static func term(forID id: String) -> RDFTerm? {
        if id.hasPrefix("_:") { return .blankNode(String(id.dropFirst(2))) }
        return IRIReference.isWellFormedAbsolute(id) ? .iri(id) : nil
    }

    /// Object to RDF (8.2); list items may append their own quads first.
    private mutating func object(_ item: NodeMap.Item, graph: RDFTerm?) -> RDFTerm? {
        switch item {
        case .reference(let id):
            return Self.term(forID: id)
        case .list(let items):
            return list(items, graph: graph)
        case .value(let object):
            return Self.literal(object).map(RDFTerm.literal)
        }
    }

    /// List Conversion (8.3).
    private mutating func list(_ items: [NodeMap.Item], graph: RDFTerm?) -> RDFTerm {
        guard !items.isEmpty else { return .iri(RDFVocabulary.rdfNil) }
        let nodes: [RDFTerm] = items.map { _ in
            defer { listCounter += 1 }
            return .blankNode(String(listPrefix.dropFirst(2)) + String(listCounter))
        }
        for (index, item) in items.enumerated() {
            if let object = object(item, graph: graph) {
                quads.append(RDFQuad(subject: nodes[index], predicate: .iri(RDFVocabulary.rdfFirst), object: object, graph: graph))
            }
            let rest = index + 1 < nodes.count ? nodes[index + 1] : .iri(RDFVocabulary.rdfNil)
            quads.append(RDFQuad(subject: nodes[index], predicate: .iri(RDFVocabulary.rdfRest), object: rest, graph: graph))
        }
        return nodes[0]
    }

    /// The literal of a value object, or `nil` where JSON-LD drops it.
    static func literal(_ object: JSONObject) -> RDFLiteral? {
        guard let value = object["@value"] else { return nil }
        let datatype = object["@type"]?.stringValue
        if datatype == "@json" {
            return RDFLiteral(value.canonicalString, datatype: RDFVocabulary.rdfJSON)
        }
        return literal(value: value, datatype: datatype, language: object["@language"]?.stringValue)
    }

    /// The literal of a scalar with the value object's `@type` and `@language` (not `@json`),
    /// or `nil` where JSON-LD drops it. Also what a ``DocumentShapePlan`` fills its slots with.
    static func literal(value: JSONValue, datatype: String?, language: String?) -> RDFLiteral? {
        if let datatype, !IRIReference.isWellFormedAbsolute(datatype) { return nil }
        switch value {
        case .bool(let flag):
            return RDFLiteral(flag ? "true" : "false", datatype: datatype ?? RDFVocabulary.xsdBoolean)
        case .number(let number):
            if number.rounded() != number || abs(number) >= 1e21 || datatype == RDFVocabulary.xsdDouble {
                return RDFLiteral(canonicalDouble(number), datatype: datatype ?? RDFVocabulary.xsdDouble)
            }
            return RDFLiteral(canonicalInteger(number), datatype: datatype ?? RDFVocabulary.xsdInteger)
        case .string(let text):
            if let language {
                guard datatype == nil, isWellFormedLanguageTag(language) else { return nil }
                return RDFLiteral(text, language: language)
            }
            return RDFLiteral(text, datatype: datatype ?? RDFVocabulary.xsdString)
        default:
            return nil
        }
    }

    /// BCP 47 shape: `1*8ALPHA *("-" 1*8alphanum)`.
    static func isWellFormedLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (1...8).contains(first.count),
              first.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic })
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        }
    }
}
