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
        switch plan.subject {
        case .object(let object)?:
            let (value, id) = try object.subject(context)
            subjectValue = value
            context.holder = id?.stringValue
        case .other(let program)?:
            subjectValue = try program.run(context).map(Self.idFirst)
            context.holder = subjectValue?["id"]?.stringValue
        case nil:
            break
        }
        // Room for the proof: signing appends it to these members, which then need not be copied
        // into a larger buffer first.
        return .object(try plan.document.build(context, subject: subjectValue, room: 1))
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
        if let condition = renderPlan.matchCondition {
            let context = EvaluationContext(source: source, issuer: "", now: now, midnights: midnights, holder: nil)
            // A condition that cannot be evaluated (a malformed date, say) does not match.
            guard let result = try? condition.run(context), result.isTruthy else { return false }
        }
        return true
    }
}
