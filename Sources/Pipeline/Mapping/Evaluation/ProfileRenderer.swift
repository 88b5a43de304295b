import Foundation
import JSONCanonical

extension CompiledProfile {
    /// Renderer stage: builds the unsigned credential for one Certifier credential.
    ///
    /// `credentialSubject` is built first so that `holder` (its `id`) can be used in the credential `id`.
    /// `revision` is the credential's revision (0 at first issue), which profiles put in re-issued ids.
    public func render(_ source: JSONValue, issuer: String, now: Date, revision: Int = 0) throws(MappingFailure) -> JSONValue {
        var context = EvaluationContext(source: source, issuer: issuer, now: now, midnights: midnights, holder: nil, revision: revision)
        let plan = renderPlan
        var subjectValue: JSONValue?
        if let subject {
            let evaluator = OutputEvaluator(evaluator: ExpressionEvaluator(context: context), profile: name)
            if case .object(let object, _) = subject, let isID = plan.subjectMemberIsID {
                let (value, id) = try evaluator.subjectObject(object, isID: isID)
                subjectValue = value
                context.holder = id?.stringValue
            } else {
                subjectValue = try evaluator.evaluate(subject).map(Self.idFirst)
                context.holder = subjectValue?["id"]?.stringValue
            }
        }
        let evaluator = OutputEvaluator(evaluator: ExpressionEvaluator(context: context), profile: name)
        let document = plan.document
        var credential = JSONObject()
        credential.reserveCapacity(document.members.count)
        for index in document.members.indices {
            let value: JSONValue?
            if plan.isSubject[index] {
                value = subjectValue
            } else {
                value = try evaluator.evaluate(document.members[index].plan)
            }
            guard let value else { continue }
            document.put(value, member: index, into: &credential)
        }
        return .object(credential)
    }

    /// The holder `id` leads the subject whatever order `extends` merged the rules in: people look for it first.
    static func idFirst(_ subject: JSONValue) -> JSONValue {
        guard case .object(var object) = subject, let id = object.removeValue(forKey: "id") else { return subject }
        return .object(JSONObject([("id", id)] + object.members.map { ($0.key, $0.value) }))
    }

    private static let groupIdKey = MemberKey("groupId")
    private static let statusKey = MemberKey("status")

    /// Whether this profile's `match` accepts the credential.
    public func matches(_ source: JSONValue, now: Date) -> Bool {
        if let groups = match.groupKeys {
            guard let group = Self.groupIdKey.value(in: source)?.stringValue, groups.contains(where: { $0.matches(group) }) else { return false }
        }
        if let statuses = match.statusKeys {
            guard let status = Self.statusKey.value(in: source)?.stringValue, statuses.contains(where: { $0.matches(status) }) else { return false }
        }
        if let condition = match.condition {
            let context = EvaluationContext(source: source, issuer: "", now: now, midnights: midnights, holder: nil)
            // A condition that cannot be evaluated (a malformed date, say) does not match.
            guard let result = try? ExpressionEvaluator(context: context).evaluate(condition), result.isTruthy else { return false }
        }
        return true
    }
}

/// Walks an output plan; the first failure names its rule.
struct OutputEvaluator {
    var evaluator: ExpressionEvaluator
    var profile: String

    func evaluate(_ plan: OutputPlan) throws(MappingFailure) -> JSONValue? {
        switch plan {
        case .value(let expression, let rule):
            // Computed values that come out missing (absent, null, "") are left out; literals stay.
            if case .constant(let constant) = expression { return constant.jsonValue }
            let value = try run(expression, rule)
            return value.isMissing ? nil : value.takeJSONValue()
        case .object(let object, _):
            return .object(try build(object))
        case .array(let elements, _):
            var values: [JSONValue] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                if let value = try evaluate(element) { values.append(value) }
            }
            return .array(values)
        case .guarded(let rules, let rule):
            if let condition = rules.when, !(try run(condition, rule).isTruthy) { return nil }
            var result = try evaluate(rules.value)
            if Self.isMissing(result), let fallback = rules.fallback {
                result = try run(fallback, rule).jsonValue
            }
            if rules.required, Self.isMissing(result) {
                throw MappingFailure(profile: profile, rule: rule.path, location: rule.location, field: nil, message: "required value is missing")
            }
            guard let value = result, let type = rules.convert else { return result }
            return try convert(value, to: type, rule: rule)
        }
    }

    /// Absent, `null` or `""`.
    private static func isMissing(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: true
        case .string(let text)?: text.isEmpty
        default: false
        }
    }

    /// The members of an object whose value is present, in order.
    private func build(_ plan: OutputPlan.ObjectPlan) throws(MappingFailure) -> JSONObject {
        var object = JSONObject()
        object.reserveCapacity(plan.members.count)
        for index in plan.members.indices {
            guard let value = try evaluate(plan.members[index].plan) else { continue }
            plan.put(value, member: index, into: &object)
        }
        return object
    }

    /// The subject object with its `id` leading, and that `id`'s value: what evaluating the
    /// object and then `idFirst` give, built once. `isID` marks the members named `id`.
    func subjectObject(_ plan: OutputPlan.ObjectPlan, isID: [Bool]) throws(MappingFailure) -> (JSONValue, id: JSONValue?) {
        guard plan.keysAreDistinct else { return try subjectObjectAssigning(plan.members, isID: isID) }
        var object = JSONObject()
        object.reserveCapacity(plan.members.count)
        var id: (key: JSONObject.PreparedKey, value: JSONValue)?
        for index in plan.members.indices {
            guard let value = try evaluate(plan.members[index].plan) else { continue }
            if isID[index] {
                id = (plan.keys[index], value)
            } else {
                object.appendDistinct(plan.keys[index], value)
            }
        }
        guard let id else { return (.object(object), nil) }
        object.insertDistinct(id.key, id.value, at: 0)
        return (.object(object), id.value)
    }

    /// `subjectObject` for names that repeat: assigning an equal name again replaces the value,
    /// so the last `id` is the one kept.
    private func subjectObjectAssigning(_ members: [(key: String, plan: OutputPlan)], isID: [Bool]) throws(MappingFailure) -> (JSONValue, id: JSONValue?) {
        var others: [(String, JSONValue)] = []
        others.reserveCapacity(members.count)
        var id: JSONValue?
        for (index, member) in members.enumerated() {
            guard let value = try evaluate(member.plan) else { continue }
            if isID[index] { id = value } else { others.append((member.key, value)) }
        }
        guard let id else { return (.object(JSONObject(others)), nil) }
        others.insert(("id", id), at: 0)
        return (.object(JSONObject(others)), id)
    }

    private func run(_ expression: PlanExpression, _ rule: OutputPlan.Rule) throws(MappingFailure) -> MappingValue {
        do {
            return try evaluator.evaluate(expression)
        } catch {
            throw MappingFailure(profile: profile, rule: rule.path, location: rule.location, field: error.field, message: error.message)
        }
    }

    private func convert(_ value: JSONValue, to type: ValueType, rule: OutputPlan.Rule) throws(MappingFailure) -> JSONValue {
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
            throw MappingFailure(profile: profile, rule: rule.path, location: rule.location, field: nil, message: "expected \(type.rawValue), got \(value.kindName)")
        }
        do {
            return try function.evaluate(BuiltinArguments([.json(value)]), in: evaluator.context).jsonValue ?? .null
        } catch {
            throw MappingFailure(profile: profile, rule: rule.path, location: rule.location, field: nil, message: error.message)
        }
    }
}

extension OutputPlan.ObjectPlan {
    /// Puts member `index`'s value into `object`: appended when the names are distinct;
    /// otherwise assigned, so a later equal name replaces the earlier value in place.
    fileprivate func put(_ value: consuming JSONValue, member index: Int, into object: inout JSONObject) {
        if keysAreDistinct {
            object.appendDistinct(keys[index], value)
        } else {
            object[members[index].key] = value
        }
    }
}
