import JSONCanonical

/// An object member name known when the profile is compiled: the JSONCanonical prepared key
/// (what makes the lookup cheap lives beside the object's own key lookup), as Mapping uses it.
public struct MemberKey: Sendable, Hashable {
    private let prepared: JSONObject.PreparedKey

    /// The name.
    public var text: String { prepared.text }

    /// A member name.
    public init(_ text: String) {
        prepared = JSONObject.PreparedKey(text)
    }

    /// The value of this member of `value`, or `nil` for a missing key or a value that is not an
    /// object: what `value[text]` gives.
    func value(in value: JSONValue) -> JSONValue? {
        guard case .object(let object) = value else { return nil }
        return object[prepared]
    }

    /// The value of this member, as `object[text]` gives it.
    func value(in object: JSONObject) -> JSONValue? {
        object[prepared]
    }

    /// Whether `key` equals the name (`key == text`).
    func matches(_ key: String) -> Bool {
        prepared.matches(key)
    }
}
