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
        let utf8 = value.utf8
        if let colon = utf8.dropFirst().firstIndex(of: 0x3A) {
            // Look at the bytes first: most values here are absolute IRIs ("https://…"), which
            // need neither the suffix as a string nor a prefix lookup.
            let afterColon = utf8.index(after: colon)
            let rest = utf8[afterColon...]
            if rest.starts(with: [0x2F, 0x2F]) { return value }
            let prefix = String(value[..<colon])
            if prefix == "_" { return value }
            if let definition = terms[prefix], let iri = definition.iri, definition.isPrefix {
                return iri + String(value[afterColon...])
            }
            if IRIReference.hasScheme(value) { return value }
        }
        if vocab, let vocabMapping = self.vocab { return vocabMapping + value }
        if documentRelative { return IRIReference.resolve(value, against: base) }
        return value
    }
}
