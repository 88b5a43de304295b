import JSONCanonical

/// Loads a lookup table: inline `entries:` or a `file:` (YAML/JSON mapping, or CSV `key,value` lines).
enum LookupLoader {
    static func load(
        name: String, node: SyntaxNode, readFile: (String, SourceLocation) -> Result<String, ProfileDiagnostic>,
        _ scope: inout CompileScope
    ) -> LookupTable? {
        guard let pairs = node.pairs else {
            scope.error(.typeError, node.location, "lookup table '\(name)' needs 'entries:' or 'file:'")
            return nil
        }
        for pair in pairs where !["entries", "file"].contains(pair.key.scalarText ?? "") {
            scope.error(.unknownKey, pair.key.location, "unknown key '\(pair.key.scalarText ?? "?")' in lookup table; allowed: entries, file")
        }
        var entries: [String: JSONValue] = [:]
        if let inline = node["entries"] {
            guard let inlinePairs = inline.pairs else {
                scope.error(.typeError, inline.location, "entries is a mapping of keys to values")
                return nil
            }
            for pair in inlinePairs { entries[pair.key.scalarText ?? ""] = ProfileCompiler.literal(pair.value) }
        }
        if let fileNode = node["file"] {
            guard let path = fileNode.scalarText else {
                scope.error(.typeError, fileNode.location, "file is a path")
                return nil
            }
            switch readFile(path, fileNode.location) {
            case .failure(let diagnostic):
                scope.diagnostics.append(diagnostic)
                return nil
            case .success(let text):
                guard let fileEntries = parse(text, path: path, location: fileNode.location, &scope) else { return nil }
                entries.merge(fileEntries) { inline, _ in inline }
            }
        }
        if node["entries"] == nil && node["file"] == nil {
            scope.error(.missingKey, node.location, "lookup table '\(name)' needs 'entries:' or 'file:'")
            return nil
        }
        return LookupTable(name: name, entries: entries)
    }

    private static func parse(_ text: String, path: String, location: SourceLocation, _ scope: inout CompileScope) -> [String: JSONValue]? {
        if path.lowercased().hasSuffix(".csv") {
            var entries: [String: JSONValue] = [:]
            for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                guard let comma = trimmed.firstIndex(of: ",") else {
                    scope.error(.badLookup, location, "\(path) line \(number + 1): expected key,value")
                    return nil
                }
                let key = trimmed[..<comma].trimmingCharacters(in: .whitespaces)
                let value = trimmed[trimmed.index(after: comma)...].trimmingCharacters(in: .whitespaces)
                entries[key] = .string(value)
            }
            return entries
        }
        switch YAMLReader.read(text, file: path) {
        case .failure(let diagnostic):
            scope.error(.badLookup, diagnostic.location, "lookup file: \(diagnostic.message)")
            return nil
        case .success(let root):
            guard let pairs = root.pairs else {
                scope.error(.badLookup, location, "\(path) must hold a mapping of keys to values")
                return nil
            }
            var entries: [String: JSONValue] = [:]
            for pair in pairs { entries[pair.key.scalarText ?? ""] = ProfileCompiler.literal(pair.value) }
            return entries
        }
    }
}
