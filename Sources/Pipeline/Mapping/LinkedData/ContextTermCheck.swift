/// Warns when a VC 1.1 profile emits a term that none of its listed contexts defines.
///
/// RDF-canonicalised proofs (eddsa-rdfc-2022) drop or reject undefined terms, so a 1.1 profile
/// must list a context for its own fields; VC 2.0 has `@vocab` and needs no such check.
enum ContextTermCheck {
    static func diagnostics(for trees: [(name: String, node: SyntaxNode)], compiled: [CompiledProfile], catalog: ContextCatalog) -> [ProfileDiagnostic] {
        guard !catalog.contexts.isEmpty else { return [] }
        var diagnostics: [ProfileDiagnostic] = []
        for profile in compiled where profile.version == .v1_1 && !profile.isAbstract {
            var defined: Set<String> = []
            var vocab = false
            for url in profile.contextURLs {
                guard let terms = catalog.contexts[url] else {
                    diagnostics.append(ProfileDiagnostic(.warning, .undefinedTerm, at: profile.match.location, "context \(url) is not in the bundled contexts (contexts/index.yaml): its terms cannot be checked"))
                    vocab = true
                    continue
                }
                defined.formUnion(terms.names)
                vocab = vocab || terms.hasVocab
            }
            guard !vocab else { continue }
            var used: [(term: String, location: SourceLocation)] = []
            for (key, plan) in profile.document where key != "@context" {
                used.append((key, plan.rule.keyLocation ?? plan.rule.location))
                collectTerms(plan, parentKey: key, into: &used)
            }
            var reported: Set<String> = []
            for (term, location) in used where !term.hasPrefix("@") && !term.contains(":") && !defined.contains(term) && !reported.contains(term) {
                reported.insert(term)
                diagnostics.append(ProfileDiagnostic(.warning, .undefinedTerm, at: location, "'\(term)' is not defined by any context of profile '\(profile.name)' (\(profile.contextURLs.joined(separator: ", "))); add it to your own context"))
            }
        }
        return diagnostics
    }

    private static func collectTerms(_ plan: OutputPlan, parentKey: String, into used: inout [(term: String, location: SourceLocation)]) {
        switch plan {
        case .object(let object, _):
            for (key, member) in object.members {
                used.append((key, member.rule.keyLocation ?? member.rule.location))
                collectTerms(member, parentKey: key, into: &used)
            }
        case .array(let elements, _):
            for element in elements { collectTerms(element, parentKey: parentKey, into: &used) }
        case .guarded(let rules, _):
            collectTerms(rules.value, parentKey: parentKey, into: &used)
        case .value(.constant(.json(.string(let text))), let rule) where parentKey == "type":
            used.append((text, rule.location))
        case .value:
            break
        }
    }
}
