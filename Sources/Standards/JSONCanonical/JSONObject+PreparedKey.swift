extension JSONObject {
    /// A member name prepared once for many lookups (a compiled mapping's paths, say): its
    /// ``KeyShape`` is worked out here, not on every lookup.
    ///
    /// Lookups and ``matches(_:)`` mean exactly what `object[text]` and `text == other` mean
    /// (canonical equivalence); the shape only skips comparisons that cannot succeed.
    public struct PreparedKey: Sendable, Hashable {
        /// The name.
        public let text: String
        let shape: KeyShape

        /// Prepares a name.
        public init(_ text: String) {
            self.text = text
            shape = KeyShape(text)
        }

        /// Whether `other` equals the name under `String ==`.
        public func matches(_ other: String) -> Bool {
            let otherLength = KeyShape.asciiLength(of: other)
            if shape.asciiLength >= 0, otherLength >= 0, shape.asciiLength != otherLength { return false }
            return other == text
        }
    }

    /// The value of the member named `key.text`: what `self[key.text]` gives.
    public subscript(key: PreparedKey) -> JSONValue? {
        guard let index = index(forKey: key.text, shape: key.shape) else { return nil }
        return members[index].value
    }
}
