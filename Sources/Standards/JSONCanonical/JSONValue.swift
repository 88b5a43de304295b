/// A JSON value that keeps the order of object members as written.
///
/// Credential documents are built, signed and compared through this one type: order matters to
/// people reading output, while the canonical forms (JCS, RDFC) impose their own order.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// Every JSON number is an IEEE-754 double, as RFC 8785 and I-JSON require.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// An ordered JSON object whose keys are unique.
public struct JSONObject: Sendable, Hashable {
    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The member name.
        public var key: String {
            didSet { keyShape = KeyShape(key) }
        }
        /// The member value.
        public var value: JSONValue
        /// What lookups compare before the key itself.
        var keyShape: KeyShape

        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
            keyShape = KeyShape(key)
        }

        /// Creates a member whose key's shape the caller already knows (the parser does).
        init(key: String, value: JSONValue, keyShape: KeyShape) {
            self.key = key
            self.value = value
            self.keyShape = keyShape
        }

        /// Members are equal when key and value are; the shape follows from the key.
        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.key == rhs.key && lhs.value == rhs.value
        }

        /// Hashes key and value, as equality compares them.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(key)
            hasher.combine(value)
        }
    }

    /// The members in insertion order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() {
        members = []
    }

    /// An object from ordered pairs; a later duplicate key replaces the earlier value in place.
    public init(_ pairs: [(String, JSONValue)]) {
        members = []
        members.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            let shape = KeyShape(key)
            if let index = index(forKey: key, shape: shape) {
                members[index].value = value
            } else {
                members.append(Member(key: key, value: value, keyShape: shape))
            }
        }
    }

    /// Creates an object from members that are known to have unique keys (the parser checks).
    init(uniqueMembers: [Member]) {
        members = uniqueMembers
    }

    /// Room for `minimumCapacity` members without growing.
    package mutating func reserveCapacity(_ minimumCapacity: Int) {
        members.reserveCapacity(minimumCapacity)
    }

    /// Appends a member whose name the object does not hold yet: for builders that checked their
    /// names once (a compiled mapping's object), so no lookup and no shape work per member.
    package mutating func appendDistinct(_ key: PreparedKey, _ value: consuming JSONValue) {
        assert(index(forKey: key.text, shape: key.shape) == nil, "'\(key.text)' is already a member")
        members.append(Member(key: key.text, value: value, keyShape: key.shape))
    }

    /// Inserts a member whose name the object does not hold yet at `position`.
    package mutating func insertDistinct(_ key: PreparedKey, _ value: consuming JSONValue, at position: Int) {
        assert(index(forKey: key.text, shape: key.shape) == nil, "'\(key.text)' is already a member")
        members.insert(Member(key: key.text, value: value, keyShape: key.shape), at: position)
    }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys in insertion order.
    public var keys: [String] { members.map(\.key) }

    /// Reads or writes a member; writing `nil` removes it, writing a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let index = index(forKey: key, asciiLength: KeyShape.asciiLength(of: key)) else { return nil }
            return members[index].value
        }
        set {
            let shape = KeyShape(key)
            if let index = index(forKey: key, shape: shape) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue, keyShape: shape))
            }
        }
    }

    /// Removes a member and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let index = index(forKey: key, asciiLength: KeyShape.asciiLength(of: key)) else { return nil }
        return members.remove(at: index).value
    }

    /// Whether a member with this key exists.
    public func contains(_ key: String) -> Bool {
        index(forKey: key, asciiLength: KeyShape.asciiLength(of: key)) != nil
    }

    /// Equality ignores member order: two objects are equal when they hold the same members.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members {
            guard let index = rhs.index(forKey: member.key, shape: member.keyShape),
                  rhs.members[index].value == member.value else { return false }
        }
        return true
    }

    /// Hashing agrees with order-independent equality.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(combined)
    }
}

extension JSONObject: Sequence {
    /// Iterates members in insertion order.
    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object literal, keeping the written order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }
}
