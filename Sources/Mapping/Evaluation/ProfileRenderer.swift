import Foundation
import JSONCanonical

extension CompiledProfile {
    /// Renderer stage: builds the unsigned credential for one Certifier credential.
    ///
    /// `credentialSubject` is built first so that `holder` (its `id`) can be used in the credential `id`.
    public func render(_ source: JSONValue, issuer: String, now: Date) throws(MappingFailure) -> JSONValue {
        var context = EvaluationContext(source: source, issuer: issuer, now: now, timeZone: timeZone, holder: nil)
        var subjectValue: JSONValue?
        if let subject {
            subjectValue = try value(of: subject, context: context).map(Self.idFirst)
            context.holder = subjectValue?["id"]?.stringValue
        }
        var document = JSONObject()
        for (key, plan) in self.document {
            if key == "credentialSubject" {
                document[key] = subjectValue
            } else if let value = try value(of: plan, context: context) {
                document[key] = value
            }
        }
        return .object(document)
    }

    /// The holder `id` leads the subject whatever order `extends` merged the rules in: people look for it first.
    static func idFirst(_ subject: JSONValue) -> JSONValue {
        guard case .object(var object) = subject, let id = object.removeValue(forKey: "id") else { return subject }
        return .object(JSONObject([("id", id)] + object.members.map { ($0.key, $0.value) }))
    }

    /// Whether this profile's `match` accepts the credential.
    public func matches(_ source: JSONValue, now: Date) -> Bool {
        if let groups = match.groupIds {
            guard let group = source["groupId"]?.stringValue, groups.contains(group) else { return false }
        }
        if let statuses = match.statuses {
            guard let status = source["status"]?.stringValue, statuses.contains(status) else { return false }
        }
        if let condition = match.condition {
            let context = EvaluationContext(source: source, issuer: "", now: now, timeZone: timeZone, holder: nil)
            // A condition that cannot be evaluated (a malformed date, say) does not match.
            guard let result = try? ExpressionEvaluator(context: context).evaluate(condition), result.isTruthy else { return false }
        }
        return true
    }

    private func value(of plan: OutputPlan, context: EvaluationContext) throws(MappingFailure) -> JSONValue? {
        try OutputEvaluator(evaluator: ExpressionEvaluator(context: context), profile: name).evaluate(plan)
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
            let value = try run(expression, rule)
            if case .constant = expression { return value.jsonValue }
            return value.isMissing ? nil : value.jsonValue
        case .object(let members, _):
            var object = JSONObject()
            for (key, member) in members {
                if let value = try evaluate(member) { object[key] = value }
            }
            return .object(object)
        case .array(let elements, _):
            var values: [JSONValue] = []
            for element in elements {
                if let value = try evaluate(element) { values.append(value) }
            }
            return .array(values)
        case .guarded(let rules, let rule):
            if let condition = rules.when, !(try run(condition, rule).isTruthy) { return nil }
            var result = try evaluate(rules.value)
            if result == nil || result == .null || result == .string(""), let fallback = rules.fallback {
                result = try run(fallback, rule).jsonValue
            }
            if rules.required, result == nil || result == .null || result == .string("") {
                throw MappingFailure(profile: profile, rule: rule.path, location: rule.location, field: nil, message: "required value is missing")
            }
            guard let value = result, let type = rules.convert else { return result }
            return try convert(value, to: type, rule: rule)
        }
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
            return try function.evaluate([.json(value)], in: evaluator.context).jsonValue ?? .null
        } catch {
            throw MappingFailure(profile: profile, rule: rule.path, location: rule.location, field: nil, message: error.message)
        }
    }
}
