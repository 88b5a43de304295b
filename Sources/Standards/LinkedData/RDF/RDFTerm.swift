/// One node or value of an RDF dataset.
public enum RDFTerm: Sendable, Hashable {
    /// An absolute IRI, stored without angle brackets and unescaped.
    case iri(String)
    /// A blank node, stored by its label without the `_:` prefix.
    case blankNode(String)
    /// A literal value.
    case literal(RDFLiteral)

    /// The label when the term is a blank node.
    public var blankNodeLabel: String? {
        if case .blankNode(let label) = self { return label }
        return nil
    }

    /// Whether the term is a blank node.
    public var isBlankNode: Bool { blankNodeLabel != nil }
}

/// An RDF literal: a lexical form with a datatype IRI and, for `rdf:langString`, a language tag.
public struct RDFLiteral: Sendable, Hashable {
    /// The lexical form.
    public var value: String
    /// The datatype IRI; `xsd:string` for simple literals.
    public var datatype: String
    /// The language tag of a language-tagged string.
    public var language: String?

    /// A literal; a language tag forces the datatype `rdf:langString`.
    public init(_ value: String, datatype: String = RDFVocabulary.xsdString, language: String? = nil) {
        self.value = value
        self.language = language
        self.datatype = language == nil ? datatype : RDFVocabulary.rdfLangString
    }
}

/// One statement of a dataset: subject, predicate, object and the graph it belongs to.
public struct RDFQuad: Sendable, Hashable {
    /// An IRI or blank node.
    public var subject: RDFTerm
    /// An IRI.
    public var predicate: RDFTerm
    /// An IRI, blank node or literal.
    public var object: RDFTerm
    /// The graph name; `nil` for the default graph.
    public var graph: RDFTerm?

    /// A quad.
    public init(subject: RDFTerm, predicate: RDFTerm, object: RDFTerm, graph: RDFTerm? = nil) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.graph = graph
    }
}

/// IRIs of the RDF and XML Schema vocabularies that the algorithms use by name.
public enum RDFVocabulary {
    /// `xsd:string`, the datatype of simple literals.
    public static let xsdString = "http://www.w3.org/2001/XMLSchema#string"
    /// `xsd:boolean`.
    public static let xsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean"
    /// `xsd:integer`.
    public static let xsdInteger = "http://www.w3.org/2001/XMLSchema#integer"
    /// `xsd:double`.
    public static let xsdDouble = "http://www.w3.org/2001/XMLSchema#double"
    /// `rdf:langString`, the datatype of language-tagged strings.
    public static let rdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
    /// `rdf:type`.
    public static let rdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    /// `rdf:first`.
    public static let rdfFirst = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
    /// `rdf:rest`.
    public static let rdfRest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
    /// `rdf:nil`.
    public static let rdfNil = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
    /// `rdf:JSON`, the datatype of JSON literals.
    public static let rdfJSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
}
