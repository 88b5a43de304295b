import Yams

/// Parser stage: YAML text -> `SyntaxNode` tree with a position on every node.
public enum YAMLReader {
    /// Reads one YAML document. Syntax problems (including duplicate keys) come back as a diagnostic.
    public static func read(_ text: String, file: String) -> Result<SyntaxNode, ProfileDiagnostic> {
        do {
            guard let root = try Yams.compose(yaml: text, .basic) else {
                return .failure(ProfileDiagnostic(.yamlSyntax, at: SourceLocation(file: file, line: 1, column: 1), "the file is empty"))
            }
            return .success(convert(root, file: file))
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, file: file))
        } catch {
            return .failure(ProfileDiagnostic(.yamlSyntax, at: SourceLocation(file: file, line: 1, column: 1), "\(error)"))
        }
    }

    private static func convert(_ node: Node, file: String) -> SyntaxNode {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            let style: SyntaxNode.ScalarStyle =
                switch scalar.style {
                case .plain, .any: .plain
                case .singleQuoted, .doubleQuoted: .quoted
                case .literal, .folded: .block
                }
            return SyntaxNode(.scalar(scalar.string, style), at: location)
        case .mapping(let mapping):
            let pairs = mapping.map { SyntaxNode.Pair(key: convert($0.key, file: file), value: convert($0.value, file: file)) }
            return SyntaxNode(.mapping(pairs), at: location)
        case .sequence(let sequence):
            return SyntaxNode(.sequence(sequence.map { convert($0, file: file) }), at: location)
        case .alias:
            // Aliases are dereferenced by the composer; this branch is kept for completeness.
            return SyntaxNode(.scalar("", .plain), at: location)
        }
    }

    private static func diagnostic(for error: YamlError, file: String) -> ProfileDiagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ProfileDiagnostic(.yamlSyntax, at: at(mark), problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ProfileDiagnostic(.yamlSyntax, at: at(context.mark), "duplicate key \(duplicates.joined(separator: ", ")) in one mapping")
        default:
            return ProfileDiagnostic(.yamlSyntax, at: SourceLocation(file: file, line: 1, column: 1), "\(error)")
        }
    }
}
