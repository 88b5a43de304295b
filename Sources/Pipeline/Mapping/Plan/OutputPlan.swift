import JSONCanonical

/// Translator output: how one part of the credential document is built.
public indirect enum OutputPlan: Sendable {
    /// A value from an expression or template; left out when absent.
    case value(PlanExpression, Rule)
    /// An object; members whose value is absent are left out, order is kept.
    case object(ObjectPlan, Rule)
    /// An array; absent elements are dropped.
    case array([OutputPlan], Rule)
    /// A value with field rules (`$when`, `$default`, `$required`, `$type`).
    case guarded(Guard, Rule)

    /// The members of an object rule, with what building the object needs worked out once.
    public struct ObjectPlan: Sendable {
        /// The members in the order written.
        public let members: [(key: String, plan: OutputPlan)]
        /// The member names prepared for ``JSONObject`` (their shapes worked out here), same order.
        let keys: [JSONObject.PreparedKey]
        /// Whether no two names are equal (`String ==`, canonical equivalence): then each value is
        /// appended under its name without looking for an earlier member of that name.
        let keysAreDistinct: Bool

        /// Prepares the members of an object rule.
        public init(_ members: [(key: String, plan: OutputPlan)]) {
            self.members = members
            keys = members.map { JSONObject.PreparedKey($0.key) }
            var seen: Set<String> = []
            keysAreDistinct = members.allSatisfy { seen.insert($0.key).inserted }
        }
    }

    /// The field rules of a guarded value.
    public struct Guard: Sendable {
        /// The value.
        public var value: OutputPlan
        /// Only produce the value when this holds.
        public var when: PlanExpression?
        /// Used when the value is missing.
        public var fallback: PlanExpression?
        /// Fail the credential when the value is (still) missing.
        public var required: Bool
        /// Convert the result to this type.
        public var convert: ValueType?
    }

    /// The output path and the profile position of a rule, so failures can name both.
    public struct Rule: Sendable, Hashable, CustomStringConvertible {
        /// The output path, e.g. `credentialSubject.id`.
        public var path: String
        /// Where the rule's value is written.
        public var location: SourceLocation
        /// Where the member name is written, for members of a mapping (the JSON-LD term check points there).
        public var keyLocation: SourceLocation?

        /// `credentialSubject.id (profile.yaml:12:7)`.
        public var description: String { "\(path) (\(location))" }
    }

    /// The same plan with the member name's position recorded (a field rule's `$value` inherits it).
    func withKeyLocation(_ location: SourceLocation?) -> OutputPlan {
        switch self {
        case .value(let expression, var rule):
            rule.keyLocation = location
            return .value(expression, rule)
        case .object(let object, var rule):
            rule.keyLocation = location
            return .object(object, rule)
        case .array(let elements, var rule):
            rule.keyLocation = location
            return .array(elements, rule)
        case .guarded(let rules, var rule):
            rule.keyLocation = location
            return .guarded(rules, rule)
        }
    }

    /// The rule of this plan node.
    public var rule: Rule {
        switch self {
        case .value(_, let rule), .object(_, let rule), .array(_, let rule), .guarded(_, let rule): rule
        }
    }
}
