extension ActiveContext {
    /// IRI expansion (JSON-LD 1.1 API, 5.2) against terms that are already defined.
    ///
    /// Returns `nil` where the spec yields null (a term mapped to null, a keyword-like value).
    func expandIRI(_ value: String, vocab: Bool = false, documentRelative: Bool = false) -> String? {
        if Keyword.isKeyword(value) { return value }
        if Keyword.hasKeywordForm(value) { return nil }
        if let definition = terms[value] {
            if let iri = definition.iri, Keyword.isKeyword(iri) { return iri }
            if vocab { return definition.iri }
        }
        if let colon = value.utf8.dropFirst().firstIndex(of: 0x3A) {
            let prefix = String(value[..<colon])
            let suffix = String(value[value.index(after: colon)...])
            if prefix == "_" || suffix.hasPrefix("//") { return value }
            if let definition = terms[prefix], let iri = definition.iri, definition.isPrefix {
                return iri + suffix
            }
            if IRIReference.hasScheme(value) { return value }
        }
        if vocab, let vocabMapping = self.vocab { return vocabMapping + value }
        if documentRelative { return IRIReference.resolve(value, against: base) }
        return value
    }
}
