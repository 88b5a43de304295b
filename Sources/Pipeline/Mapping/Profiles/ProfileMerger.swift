/// `extends`: a profile starts from its base and overrides it.
///
/// Mappings under `constants`, `lookups`, `fields` and `credentialSubject` merge key by key
/// (a `null` value removes an inherited key); every other key replaces the base's value.
/// Nodes keep their own positions, so errors point at the file that wrote them.
enum ProfileMerger {
    static let deepKeys: Set<String> = ["constants", "lookups", "fields", "credentialSubject"]
    static let notInherited: Set<String> = ["name", "abstract", "extends"]

    static func merge(base: SyntaxNode, child: SyntaxNode) -> SyntaxNode {
        guard let basePairs = base.pairs, let childPairs = child.pairs else { return child }
        var merged = basePairs.filter { !notInherited.contains($0.key.scalarText ?? "") }
        for pair in childPairs {
            let key = pair.key.scalarText ?? ""
            if let index = merged.firstIndex(where: { $0.key.scalarText == key }) {
                merged[index] = deepKeys.contains(key)
                    ? SyntaxNode.Pair(key: pair.key, value: mergeMappings(merged[index].value, pair.value))
                    : pair
            } else {
                merged.append(pair)
            }
        }
        return SyntaxNode(.mapping(merged), at: child.location)
    }

    private static func mergeMappings(_ base: SyntaxNode, _ child: SyntaxNode) -> SyntaxNode {
        guard let basePairs = base.pairs, let childPairs = child.pairs else { return child }
        var merged = basePairs
        for pair in childPairs {
            let key = pair.key.scalarText ?? ""
            let removes = pair.value.kind == .scalar("null", .plain) || pair.value.kind == .scalar("~", .plain)
            if let index = merged.firstIndex(where: { $0.key.scalarText == key }) {
                if removes {
                    merged.remove(at: index)
                } else {
                    merged[index] = SyntaxNode.Pair(key: pair.key, value: mergeMappings(merged[index].value, pair.value))
                }
            } else if !removes {
                merged.append(pair)
            }
        }
        return SyntaxNode(.mapping(merged), at: child.location)
    }
}
