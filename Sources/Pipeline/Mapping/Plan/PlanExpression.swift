import JSONCanonical

/// Translator output: an expression resolved, type-checked and ready to evaluate.
///
/// Names, functions and lookup tables are bound at compile time: no parsing, no name resolution
/// per credential. `ExpressionProgram` turns the tree into closures once per profile.
public indirect enum PlanExpression: Sendable {
    /// A value known when the profile is compiled (literal, constant, profile setting).
    case constant(MappingValue)
    /// A path into the Certifier credential; `label` is how the path was written, for error messages.
    case source([PlanStep], label: String, coercion: ValueType?)
    /// A path into a computed value (a lookup result, a constant object).
    case member(PlanExpression, [PlanStep], label: String)
    /// The configured issuer.
    case issuer
    /// The holder DID: the evaluated `credentialSubject.id`.
    case holder
    /// The credential's revision: 0 at first issue, one more each time changed Certifier data re-issues it.
    case revision
    /// A lookup table entry; absent when the key is not in the table.
    case lookup(LookupTable, key: PlanExpression)
    /// A built-in function call.
    case call(Builtin, [PlanExpression])
    /// `if(condition, then, else)`, evaluated lazily so a `required` in the other branch does not fire.
    case conditional(PlanExpression, PlanExpression, PlanExpression)
    /// `required(x)`: a missing value fails the credential, naming `label`.
    case required(PlanExpression, label: String)
    /// A binary operator.
    case binary(BinaryOperator, PlanExpression, PlanExpression)
    /// Logical negation.
    case not(PlanExpression)
    /// A list literal.
    case list([PlanExpression])
    /// A template with text and holes; absent when any hole is absent.
    case template([TemplatePiece])
    /// `uuid5(namespace, name)` with a literal namespace, read once at compile time; evaluates
    /// exactly as the call would.
    case uuid5(UUID5.Namespace, name: PlanExpression)
}

/// One step of a compiled path.
public enum PlanStep: Sendable {
    /// An object member.
    case key(MemberKey)
    /// An array element.
    case index(Int)
    /// A key or index computed per credential.
    case dynamic(PlanExpression)
}

/// A piece of a compiled template.
public enum TemplatePiece: Sendable {
    /// Literal text.
    case text(String)
    /// A hole; `label` names it in errors.
    case value(PlanExpression, label: String)
}

/// A lookup table (inline or from a file), keyed by string.
public struct LookupTable: Sendable {
    /// The table's name in the profile.
    public var name: String
    /// The entries.
    public var entries: [String: JSONValue]

    /// Creates a table.
    public init(name: String, entries: [String: JSONValue]) {
        self.name = name
        self.entries = entries
    }
}
