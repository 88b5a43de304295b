import JSONCanonical

/// The kind of JSON scalar at a leaf. A plan's slot takes new values of the kind it was compiled
/// from only: a number and a string become different RDF terms.
enum LeafKind: UInt8, Sendable {
    case string, number, bool

    init?(_ value: JSONValue) {
        switch value {
        case .string: self = .string
        case .number: self = .number
        case .bool: self = .bool
        default: return nil
        }
    }
}

/// The structure a document must have for a ``DocumentShapePlan`` to apply: every key, array
/// length and value exactly as in the document the plan was compiled from, except the leaves
/// the plan substitutes ("slots"), which only keep their kind.
///
/// Tokens are in document order (pre-order, members in the order written); a subtree without
/// slots (a `@context`, a `type` array) is one ``Token/exact(_:)`` token compared as a whole.
struct DocumentShape: Sendable {
    enum Token: Sendable {
        case object(keys: [String])
        case array(count: Int)
        /// A leaf the plan substitutes; any value of this kind matches.
        case slot(LeafKind)
        /// A subtree that must be equal as written.
        case exact(JSONValue)
    }

    let tokens: [Token]
    /// The slots' paths in document order: slot `i` of ``leaves(of:)`` is at `slotPaths[i]`.
    let slotPaths: [[JSONPathComponent]]

    /// The shape of `document` with the leaves at `slots` as slots; `nil` if a path does not
    /// name a scalar leaf of the document (the recorder and the document disagree).
    init?(document: JSONValue, slots: Set<[JSONPathComponent]>) {
        var prefixes: Set<[JSONPathComponent]> = []
        for path in slots {
            for length in 0..<path.count { prefixes.insert(Array(path[..<length])) }
        }
        var tokens: [Token] = []
        var found: [[JSONPathComponent]] = []
        var path: [JSONPathComponent] = []
        Self.build(document, path: &path, slots: slots, prefixes: prefixes, tokens: &tokens, found: &found)
        guard found.count == slots.count else { return nil }
        self.tokens = tokens
        slotPaths = found
    }

    private static func build(
        _ value: JSONValue, path: inout [JSONPathComponent], slots: Set<[JSONPathComponent]>,
        prefixes: Set<[JSONPathComponent]>, tokens: inout [Token], found: inout [[JSONPathComponent]]
    ) {
        if slots.contains(path), let kind = LeafKind(value) {
            tokens.append(.slot(kind))
            found.append(path)
            return
        }
        guard prefixes.contains(path) else {
            tokens.append(.exact(value))
            return
        }
        switch value {
        case .object(let object):
            tokens.append(.object(keys: object.keys))
            for member in object {
                path.append(.key(member.key))
                build(member.value, path: &path, slots: slots, prefixes: prefixes, tokens: &tokens, found: &found)
                path.removeLast()
            }
        case .array(let items):
            tokens.append(.array(count: items.count))
            for (index, item) in items.enumerated() {
                path.append(.index(index))
                build(item, path: &path, slots: slots, prefixes: prefixes, tokens: &tokens, found: &found)
                path.removeLast()
            }
        default:
            // A slot path through a scalar: not a leaf of this document.
            tokens.append(.exact(value))
        }
    }

    /// The values at the slots, in slot order, or `nil` where `document` has another shape.
    func leaves(of document: JSONValue) -> [JSONValue]? {
        var leaves: [JSONValue] = []
        leaves.reserveCapacity(slotPaths.count)
        var position = 0
        guard match(document, at: &position, leaves: &leaves), position == tokens.count else { return nil }
        return leaves
    }

    private func match(_ value: JSONValue, at position: inout Int, leaves: inout [JSONValue]) -> Bool {
        guard position < tokens.count else { return false }
        let token = tokens[position]
        position += 1
        switch token {
        case .exact(let expected):
            return value == expected
        case .slot(let kind):
            guard LeafKind(value) == kind else { return false }
            leaves.append(value)
            return true
        case .array(let count):
            guard case .array(let items) = value, items.count == count else { return false }
            for item in items where !match(item, at: &position, leaves: &leaves) { return false }
            return true
        case .object(let keys):
            guard case .object(let object) = value, object.count == keys.count else { return false }
            for (member, key) in zip(object, keys) {
                guard member.key == key, match(member.value, at: &position, leaves: &leaves) else { return false }
            }
            return true
        }
    }

    /// A hash of what every shape compares but no leaf value: keys, array lengths, leaf kinds.
    /// Documents with one hash may still differ in an exact leaf (a `type`), so a hash names a
    /// few candidate plans, each checked by ``leaves(of:)``.
    static func structuralHash(_ document: JSONValue) -> Int {
        var hasher = Hasher()
        combine(document, into: &hasher)
        return hasher.finalize()
    }

    private static func combine(_ value: JSONValue, into hasher: inout Hasher) {
        switch value {
        case .null: hasher.combine(0 as UInt8)
        case .bool: hasher.combine(1 as UInt8)
        case .number: hasher.combine(2 as UInt8)
        case .string: hasher.combine(3 as UInt8)
        case .array(let items):
            hasher.combine(4 as UInt8)
            hasher.combine(items.count)
            for item in items { combine(item, into: &hasher) }
        case .object(let object):
            hasher.combine(5 as UInt8)
            hasher.combine(object.count)
            for member in object {
                hasher.combine(member.key)
                combine(member.value, into: &hasher)
            }
        }
    }
}
