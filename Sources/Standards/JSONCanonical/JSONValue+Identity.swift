extension JSONValue {
    /// Whether `self` and `other` are the same value by identity: the same scalar, or arrays and
    /// objects that share their storage (a copy that was never changed). Constant time for arrays
    /// and objects; a false answer says nothing about equality (two equal documents built apart
    /// are not identical).
    ///
    /// For "has this document changed since I stored it?" without comparing or writing it out: the
    /// outbox worker keeps what it read from or wrote to the store, and a save may leave the
    /// columns of an identical credential and VC as they are (docs/PERFORMANCE.md, fourteenth round).
    public func isIdentical(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): true
        case (.bool(let left), .bool(let right)): left == right
        case (.number(let left), .number(let right)): left.bitPattern == right.bitPattern
        case (.string(let left), .string(let right)): left.utf8.count == right.utf8.count && left == right
        case (.array(let left), .array(let right)): Self.shareStorage(left, right)
        case (.object(let left), .object(let right)): Self.shareStorage(left.members, right.members)
        default: false
        }
    }

    /// ``isIdentical(to:)`` for optional documents: two absent ones are identical.
    public static func isIdentical(_ left: JSONValue?, _ right: JSONValue?) -> Bool {
        switch (left, right) {
        case (nil, nil): true
        case (let left?, let right?): left.isIdentical(to: right)
        default: false
        }
    }

    private static func shareStorage<Element>(_ left: [Element], _ right: [Element]) -> Bool {
        guard left.count == right.count else { return false }
        if left.isEmpty { return true }
        return left.withUnsafeBufferPointer { leftBuffer in
            right.withUnsafeBufferPointer { rightBuffer in leftBuffer.baseAddress == rightBuffer.baseAddress }
        }
    }
}
