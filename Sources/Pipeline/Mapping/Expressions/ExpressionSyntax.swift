/// Parser stage: the syntax of one expression (inside `{{ }}` or a `when:` condition).
public indirect enum ExpressionSyntax: Sendable, Hashable {
    /// A name: a source field (`recipient`), a constant, a lookup table or a variable (`issuer`).
    case name(String, offset: Int)
    /// `base.name`.
    case member(ExpressionSyntax, String, offset: Int)
    /// `base[expression]`: a key with dots (`customAttributes["custom.mentor"]`) or an array index.
    case index(ExpressionSyntax, ExpressionSyntax, offset: Int)
    /// `function(arguments)`.
    case call(String, [ExpressionSyntax], offset: Int)
    /// A string, number, boolean or null literal.
    case literal(LiteralValue, offset: Int)
    /// `[a, b, c]`.
    case list([ExpressionSyntax], offset: Int)
    /// `a ?? b`, `a == b`, `a and b`...
    case binary(BinaryOperator, ExpressionSyntax, ExpressionSyntax, offset: Int)
    /// `not a`.
    case not(ExpressionSyntax, offset: Int)

    /// Where the whole expression starts (a path's first name, a binary's left side).
    public var startOffset: Int {
        switch self {
        case .member(let base, _, _), .index(let base, _, _), .binary(_, let base, _, _): base.startOffset
        default: offset
        }
    }

    /// Where the expression's own token is: the member name, the `[`, the operator, the function name.
    public var offset: Int {
        switch self {
        case .name(_, let offset), .member(_, _, let offset), .index(_, _, let offset), .call(_, _, let offset),
            .literal(_, let offset), .list(_, let offset), .binary(_, _, _, let offset), .not(_, let offset):
            offset
        }
    }
}

/// A literal written in an expression.
public enum LiteralValue: Sendable, Hashable {
    /// `"text"` or `'text'`.
    case string(String)
    /// `12`, `2.5`, `-1`.
    case number(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
}

/// Binary operators, from loosest to tightest: `??`, `or`, `and`, comparisons and `in`.
public enum BinaryOperator: String, Sendable, Hashable {
    /// `a ?? b`: b when a is missing.
    case coalesce = "??"
    /// `a or b`.
    case or
    /// `a and b`.
    case and
    /// `a == b`.
    case equal = "=="
    /// `a != b`.
    case notEqual = "!="
    /// `a < b`.
    case less = "<"
    /// `a <= b`.
    case lessOrEqual = "<="
    /// `a > b`.
    case greater = ">"
    /// `a >= b`.
    case greaterOrEqual = ">="
    /// `a in [list]`.
    case `in`
}

/// A template: literal text with `{{ expression }}` holes.
public struct TemplateSyntax: Sendable, Hashable {
    /// One piece of a template.
    public enum Part: Sendable, Hashable {
        /// Literal text.
        case text(String)
        /// An expression and the offset of its text inside the template, in Unicode scalars.
        case expression(ExpressionSyntax, offset: Int)
    }

    /// The pieces in order.
    public var parts: [Part]

    /// Whether the template is exactly one expression: its value keeps its type (number, date, object...).
    public var singleExpression: ExpressionSyntax? {
        if parts.count == 1, case .expression(let expression, _) = parts[0] { return expression }
        return nil
    }
}

/// An expression or template that does not parse; `offset` is in Unicode scalars from the start of
/// the text, as the lexer counts, to match YAML columns (a combining mark is a column of its own).
public struct ExpressionSyntaxError: Error, Sendable, Hashable {
    /// What is wrong.
    public var message: String
    /// Where, in Unicode scalars from the start of the text.
    public var offset: Int
}
