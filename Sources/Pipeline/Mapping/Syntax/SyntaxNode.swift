/// A YAML node with the position it was written at: the profile syntax tree.
///
/// Yams nodes are converted into this small value type at once so that the rest of the
/// engine never sees YAML library types and every node can point back to its source.
public struct SyntaxNode: Sendable, Hashable {
    /// How a scalar was written; quoted scalars are always strings.
    public enum ScalarStyle: Sendable, Hashable {
        /// Unquoted: `true`, `12`, `null` and similar are typed.
        case plain
        /// Single or double quoted: always a string; content starts one column after the node.
        case quoted
        /// Literal (`|`) or folded (`>`): always a string, content on the following lines.
        case block
    }

    /// The shape of a node.
    public indirect enum Kind: Sendable, Hashable {
        /// A scalar and how it was written.
        case scalar(String, ScalarStyle)
        /// A mapping, in written order (duplicate keys are rejected by the parser).
        case mapping([Pair])
        /// A sequence.
        case sequence([SyntaxNode])
    }

    /// One key-value pair of a mapping.
    public struct Pair: Sendable, Hashable {
        /// The key node (a scalar in profiles).
        public var key: SyntaxNode
        /// The value node.
        public var value: SyntaxNode

        /// Creates a pair.
        public init(key: SyntaxNode, value: SyntaxNode) {
            self.key = key
            self.value = value
        }
    }

    /// The node's shape and content.
    public var kind: Kind
    /// Where the node starts.
    public var location: SourceLocation

    /// Creates a node.
    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

extension SyntaxNode {
    /// The scalar text, if this is a scalar.
    public var scalarText: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// The pairs, if this is a mapping.
    public var pairs: [Pair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// The elements, if this is a sequence.
    public var elements: [SyntaxNode]? {
        if case .sequence(let elements) = kind { return elements }
        return nil
    }

    /// The value for a scalar key of a mapping.
    public subscript(key: String) -> SyntaxNode? {
        pairs?.first { $0.key.scalarText == key }?.value
    }

    /// The location of a character offset inside a scalar's text (exact for one-line scalars).
    public func location(ofOffset offset: Int) -> SourceLocation {
        if case .scalar(_, .quoted) = kind { return location.advanced(byColumns: offset + 1) }
        if case .scalar(_, .block) = kind { return location }
        return location.advanced(byColumns: offset)
    }

    /// A short name of the node's shape, for error messages.
    public var kindName: String {
        switch kind {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}
