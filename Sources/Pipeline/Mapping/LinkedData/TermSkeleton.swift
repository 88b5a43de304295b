import JSONCanonical

/// A stand-in for every credential a profile can produce: each member it may emit (whatever
/// its `$when`), constants as they are, and computed values as one absolute IRI, which is a
/// valid plain string and a valid `@id` alike. A full JSON-LD processor can then check the
/// profile's terms against its real contexts (scoping, protection) once, at load time.
public struct TermSkeleton: Sendable {
    /// The stand-in credential (without `proof`).
    public var document: JSONValue
    /// Where each member or array element was written, by JSON path (`$.credentialSubject.name`,
    /// `$.type[1]`), the form JSON-LD errors use.
    public var locations: [String: SourceLocation]

    /// The value standing in for anything computed per credential.
    public static let placeholder = "urn:certbridge:computed"

    /// The location for a JSON path, or for its nearest written ancestor.
    public func location(of path: String) -> SourceLocation? {
        var current = Substring(path)
        while !current.isEmpty {
            if let location = locations[String(current)] { return location }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            current = current[..<cut]
        }
        return nil
    }
}

extension CompiledProfile {
    /// The profile's skeleton, leaving out the members and elements written at `excluded`
    /// (so a checker can find every problem, one after another).
    public func termSkeleton(excluding excluded: Set<SourceLocation> = []) -> TermSkeleton {
        var builder = SkeletonBuilder(excluded: excluded)
        var members: [(String, JSONValue)] = []
        for (key, plan) in document {
            let path = "$." + key
            if let value = builder.value(plan, path: path, keyLocation: plan.rule.keyLocation ?? plan.rule.location) {
                members.append((key, value))
            }
        }
        return TermSkeleton(document: .object(JSONObject(members)), locations: builder.locations)
    }
}

private struct SkeletonBuilder {
    let excluded: Set<SourceLocation>
    var locations: [String: SourceLocation] = [:]

    mutating func value(_ plan: OutputPlan, path: String, keyLocation: SourceLocation) -> JSONValue? {
        guard !excluded.contains(keyLocation) else { return nil }
        locations[path] = keyLocation
        switch plan {
        case .value(.constant(let constant), _):
            return constant.jsonValue
        case .value:
            return .string(TermSkeleton.placeholder)
        case .guarded(let rules, _):
            return value(rules.value, path: path, keyLocation: keyLocation)
        case .array(let elements, _):
            var items: [JSONValue] = []
            for element in elements {
                let elementPath = "\(path)[\(items.count)]"
                if let item = value(element, path: elementPath, keyLocation: element.rule.location) { items.append(item) }
            }
            return .array(items)
        case .object(let plan, _):
            var object: [(String, JSONValue)] = []
            for (key, member) in plan.members {
                let memberPath = path + "." + key
                if let item = value(member, path: memberPath, keyLocation: member.rule.keyLocation ?? member.rule.location) {
                    object.append((key, item))
                }
            }
            return .object(JSONObject(object))
        }
    }
}
