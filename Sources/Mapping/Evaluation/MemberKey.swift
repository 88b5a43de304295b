import JSONCanonical

/// An object member name known when the profile is compiled, with what makes looking it up cheap.
///
/// `String ==` is canonical equivalence, so a key of another byte length can still be equal
/// ("\u{212A}" KELVIN SIGN equals "K"). The only non-ASCII characters canonically equivalent to
/// ASCII are the singletons U+212A (K), U+037E (;) and U+1FEF (`); so a name that is ASCII
/// without `K`, `;` and `` ` `` only equals strings of its own byte length, and members of other
/// lengths can be skipped without comparing (the comparisons were a tenth of a mapping).
public struct MemberKey: Sendable, Hashable {
    /// The name.
    public let text: String
    /// The UTF-8 length when only strings of this length can equal the name.
    let exactByteCount: Int?

    /// A member name.
    public init(_ text: String) {
        self.text = text
        let safe = text.utf8.allSatisfy { byte in
            byte < 0x80 && byte != UInt8(ascii: "K") && byte != UInt8(ascii: ";") && byte != UInt8(ascii: "`")
        }
        exactByteCount = safe ? text.utf8.count : nil
    }

    /// The value of this member of `value`, or `nil` for a missing key or a value that is not an
    /// object: what `value[text]` gives.
    func value(in value: JSONValue) -> JSONValue? {
        guard case .object(let object) = value else { return nil }
        return self.value(in: object)
    }

    /// The value of this member, as `object[text]` gives it (the first member whose key is equal).
    func value(in object: JSONObject) -> JSONValue? {
        guard let exactByteCount else { return object[text] }
        // Indexing borrows the member; `for member in` copied (retained) each one.
        let members = object.members
        for index in members.indices where members[index].key.utf8.count == exactByteCount && members[index].key == text {
            return members[index].value
        }
        return nil
    }

    /// Whether `key` equals the name (`key == text`).
    func matches(_ key: String) -> Bool {
        if let exactByteCount, key.utf8.count != exactByteCount { return false }
        return key == text
    }
}
