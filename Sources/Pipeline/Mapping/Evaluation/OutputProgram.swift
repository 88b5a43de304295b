import JSONCanonical

/// An output plan compiled, once per profile, into nested closures (see ``ExpressionProgram``
/// for why); the first failure names its rule and the profile.
struct OutputProgram: Sendable {
    typealias Body = @Sendable (EvaluationContext) throws(MappingFailure) -> JSONValue?

    /// The value for one credential, `nil` when it is left out.
    let run: Body

    /// Compiles `plan` of the profile named `profile`.
    init(_ plan: OutputPlan, profile: String) {
        run = Self.body(of: plan, profile: profile)
    }

    private static func body(of plan: OutputPlan, profile: String) -> Body {
        switch plan {
        case .value(.constant(let constant), _):
            // Literals stay even when they read as missing; computed values that come out
            // missing (absent, null, "") are left out.
            let value = constant.jsonValue
            return { _ in value }
        case .value(let expression, let rule):
            let expression = RuleExpression(expression, rule: rule, profile: profile)
            return { context throws(MappingFailure) in
                let value = try expression.run(context)
                return value.isMissing ? nil : value.takeJSONValue()
            }
        case .object(let object, _):
            let object = ObjectProgram(object, profile: profile)
            return { context throws(MappingFailure) in .object(try object.build(context)) }
        case .array(let elements, _):
            let elements = elements.map { OutputProgram($0, profile: profile) }
            return { context throws(MappingFailure) in
                var values: [JSONValue] = []
                values.reserveCapacity(elements.count)
                for index in elements.indices {
                    if let value = try elements[index].run(context) { values.append(value) }
                }
                return .array(values)
            }
        case .guarded(let rules, let rule):
            return GuardProgram(rules, rule: rule, profile: profile).body
        }
    }
}

/// An expression of a rule: its failures become the rule's. Closures hold the compiled parts by
/// reference (classes here and below): a struct captured by a closure was copied, field by
/// field, on every call.
private final class RuleExpression: Sendable {
    let program: ExpressionProgram
    let rule: OutputPlan.Rule
    let profile: String

    init(_ expression: PlanExpression, rule: OutputPlan.Rule, profile: String) {
        program = ExpressionProgram(expression)
        self.rule = rule
        self.profile = profile
    }

    func run(_ context: EvaluationContext) throws(MappingFailure) -> MappingValue {
        do {
            return try program.run(context)
        } catch {
            throw MappingFailure(profile: profile, rule: rule.path, location: rule.location, field: error.field, message: error.message)
        }
    }
}

/// A value with field rules: `$when`, `$default`, `$required`, `$type`.
private final class GuardProgram: Sendable {
    let value: OutputProgram
    let when: RuleExpression?
    let fallback: RuleExpression?
    let required: Bool
    /// `$type`: what the value is converted to.
    let targetType: ValueType?
    let rule: OutputPlan.Rule
    let profile: String

    init(_ rules: OutputPlan.Guard, rule: OutputPlan.Rule, profile: String) {
        value = OutputProgram(rules.value, profile: profile)
        when = rules.when.map { RuleExpression($0, rule: rule, profile: profile) }
        fallback = rules.fallback.map { RuleExpression($0, rule: rule, profile: profile) }
        required = rules.required
        targetType = rules.convert
        self.rule = rule
        self.profile = profile
    }

    var body: OutputProgram.Body {
        let program = self
        return { context throws(MappingFailure) in try program.run(context) }
    }

    private func run(_ context: EvaluationContext) throws(MappingFailure) -> JSONValue? {
        if let when, !(try when.run(context).isTruthy) { return nil }
        var result = try value.run(context)
        if Self.isMissing(result), let fallback {
            result = try fallback.run(context).jsonValue
        }
        if required, Self.isMissing(result) { throw failure("required value is missing") }
        guard let value = result, let targetType else { return result }
        return try convert(value, to: targetType, context: context)
    }

    private func failure(_ message: String) -> MappingFailure {
        MappingFailure(profile: profile, rule: rule.path, location: rule.location, field: nil, message: message)
    }

    /// Absent, `null` or `""`.
    private static func isMissing(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: true
        case .string(let text)?: text.isEmpty
        default: false
        }
    }

    private func convert(_ value: JSONValue, to type: ValueType, context: EvaluationContext) throws(MappingFailure) -> JSONValue {
        let function: Builtin? =
            switch type {
            case .string: .string
            case .number: .number
            case .boolean: .boolean
            case .date: .date
            case .dateTime: .dateTime
            default: nil
            }
        guard let function else {
            if (type == .array && value.arrayValue != nil) || (type == .object && value.objectValue != nil) { return value }
            throw failure("expected \(type.rawValue), got \(value.kindName)")
        }
        do {
            return try function.evaluate(BuiltinArguments([.json(value)]), in: context).jsonValue ?? .null
        } catch {
            throw failure(error.message)
        }
    }
}

/// An object rule's members compiled, with its prepared names.
///
/// When the names are distinct (always, unless two are equal only under canonical equivalence)
/// the members become one chain of closures, each filling its member and calling the next: a
/// credential's members then run without copying each member's closure out of an array (a
/// retain and a release per member).
final class ObjectProgram: Sendable {
    /// What a member does with its value.
    enum Role: Sendable {
        /// It becomes the member.
        case member
        /// The subject's `id`: kept aside, to lead the object.
        case leadingID
        /// The credential's `credentialSubject`: its value is the subject built before, not the rule's.
        case subjectSlot
    }

    /// An object being filled.
    struct Building {
        var object = JSONObject()
        /// The leading `id`, for the subject.
        var id: (key: JSONObject.PreparedKey, value: JSONValue)?
        /// The subject's value, for the credential.
        var subject: JSONValue?
    }

    private typealias Fill = @Sendable (EvaluationContext, inout Building) throws(MappingFailure) -> Void

    let plan: OutputPlan.ObjectPlan
    private let members: [OutputProgram]
    private let roles: [Role]
    /// The members as one chain, when the names are distinct.
    private let fill: Fill?

    /// Compiles an object rule; `roles` gives each member's (all `.member` when `nil`).
    init(_ plan: OutputPlan.ObjectPlan, profile: String, roles: [Role]? = nil) {
        self.plan = plan
        let members = plan.members.map { OutputProgram($0.plan, profile: profile) }
        let roles = roles ?? Array(repeating: .member, count: members.count)
        self.members = members
        self.roles = roles
        guard plan.keysAreDistinct else {
            fill = nil
            return
        }
        var fill: Fill = { _, _ in }
        for index in members.indices.reversed() {
            let member = members[index]
            let key = plan.keys[index]
            let next = fill
            switch roles[index] {
            case .member:
                fill = { context, building throws(MappingFailure) in
                    if let value = try member.run(context) { building.object.appendDistinct(key, value) }
                    try next(context, &building)
                }
            case .leadingID:
                fill = { context, building throws(MappingFailure) in
                    if let value = try member.run(context) { building.id = (key, value) }
                    try next(context, &building)
                }
            case .subjectSlot:
                fill = { context, building throws(MappingFailure) in
                    if let value = building.subject { building.object.appendDistinct(key, value) }
                    try next(context, &building)
                }
            }
        }
        self.fill = fill
    }

    /// The members whose value is present, in order; a `.subjectSlot` member gets `subject`.
    /// `room` is capacity for members someone adds later (the credential's proof).
    func build(_ context: EvaluationContext, subject: JSONValue? = nil, room: Int = 0) throws(MappingFailure) -> JSONObject {
        var building = Building(subject: subject)
        building.object.reserveCapacity(members.count + room)
        if let fill {
            try fill(context, &building)
            return building.object
        }
        for index in members.indices {
            let value = roles[index] == .subjectSlot ? subject : try members[index].run(context)
            guard let value else { continue }
            plan.put(value, member: index, into: &building.object)
        }
        return building.object
    }

    /// The subject object with its `id` leading, and that `id`'s value: what building the
    /// object and then `CompiledProfile.idFirst` give, built once. Its `id` members have the
    /// role `.leadingID`.
    func subject(_ context: EvaluationContext) throws(MappingFailure) -> (JSONValue, id: JSONValue?) {
        guard let fill else { return try subjectAssigning(context) }
        var building = Building()
        building.object.reserveCapacity(members.count)
        try fill(context, &building)
        guard let id = building.id else { return (.object(building.object), nil) }
        building.object.insertDistinct(id.key, id.value, at: 0)
        return (.object(building.object), id.value)
    }

    /// `subject` for names that repeat: assigning an equal name again replaces the value, so
    /// the last `id` is the one kept.
    private func subjectAssigning(_ context: EvaluationContext) throws(MappingFailure) -> (JSONValue, id: JSONValue?) {
        var others: [(String, JSONValue)] = []
        others.reserveCapacity(members.count)
        var id: JSONValue?
        for index in members.indices {
            guard let value = try members[index].run(context) else { continue }
            if roles[index] == .leadingID { id = value } else { others.append((plan.members[index].key, value)) }
        }
        guard let id else { return (.object(JSONObject(others)), nil) }
        others.insert(("id", id), at: 0)
        return (.object(JSONObject(others)), id)
    }
}

extension OutputPlan.ObjectPlan {
    /// Puts member `index`'s value into `object`: appended when the names are distinct;
    /// otherwise assigned, so a later equal name replaces the earlier value in place.
    func put(_ value: consuming JSONValue, member index: Int, into object: inout JSONObject) {
        if keysAreDistinct {
            object.appendDistinct(keys[index], value)
        } else {
            object[members[index].key] = value
        }
    }
}
