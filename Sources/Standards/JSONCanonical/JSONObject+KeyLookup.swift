/// What a key lookup can compare before comparing two strings, computed once per key.
///
/// `String ==` compares by Unicode canonical equivalence, which JSONObject keeps for its keys
/// (so "é" and "e\u{301}" name the same member, as they always did). Two ASCII strings are
/// equivalent exactly when their bytes are equal, so for ASCII keys the length and the first
/// eight bytes decide most comparisons (all of them for keys up to eight bytes); any key with
/// other characters is compared in full. The canonical writer sorts by the same prefix.
struct KeyShape: Sendable, Hashable {
    /// The UTF-8 length of an ASCII key; -1 for a key with any non-ASCII byte.
    let asciiLength: Int
    /// The first eight UTF-8 bytes as a big-endian integer, zero-padded.
    let prefix: UInt64

    /// The shape of a key whose ASCII-ness the caller already knows (the parser does).
    @inline(__always)
    init(utf8 bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) {
        asciiLength = isASCII ? bytes.count : -1
        prefix = WordScan.bigEndianPrefix(bytes)
    }

    /// The shape of a key given as its UTF-8 bytes.
    @inline(__always)
    init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        asciiLength = WordScan.isASCII(bytes) ? bytes.count : -1
        prefix = WordScan.bigEndianPrefix(bytes)
    }

    @inline(__always)
    init(_ key: String) {
        if let shape = key.utf8.withContiguousStorageIfAvailable({ KeyShape(utf8: $0) }) {
            self = shape
        } else {
            self = Array(key.utf8).withUnsafeBufferPointer { KeyShape(utf8: $0) }
        }
    }

    /// The UTF-8 length of an ASCII key, -1 for any other: all a one-off lookup computes.
    @inline(__always)
    static func asciiLength(of key: String) -> Int {
        let utf8 = key.utf8
        let isASCII = utf8.withContiguousStorageIfAvailable { WordScan.isASCII($0) } ?? !utf8.contains { $0 >= 0x80 }
        return isASCII ? utf8.count : -1
    }

    /// What comparing two keys by their shapes tells.
    enum Match {
        /// The keys differ.
        case different
        /// The keys are equal.
        case equal
        /// Only comparing the keys themselves can tell.
        case compareKeys
    }

    @inline(__always)
    func match(_ other: KeyShape) -> Match {
        guard asciiLength >= 0, other.asciiLength >= 0 else { return .compareKeys }
        guard asciiLength == other.asciiLength, prefix == other.prefix else { return .different }
        return asciiLength <= 8 ? .equal : .compareKeys
    }

    /// Whether `key`, of this shape, equals `other` under `String ==`.
    @inline(__always)
    func isEqualKey(_ key: String, to other: String, shaped otherShape: KeyShape) -> Bool {
        switch match(otherShape) {
        case .different: false
        case .equal: true
        case .compareKeys: key == other
        }
    }
}

extension JSONObject {
    /// The position of the member whose key is canonically equivalent to `key`, for a lookup
    /// that knows only the key's ASCII length (the prefix would cost more than it saves).
    func index(forKey key: String, asciiLength: Int) -> Int? {
        members.withUnsafeBufferPointer { members in
            for index in members.indices {
                let memberLength = members[index].keyShape.asciiLength
                if memberLength != asciiLength, memberLength >= 0, asciiLength >= 0 { continue }
                if members[index].key == key { return index }
            }
            return nil
        }
    }

    /// The position of the member whose key is canonically equivalent to `key`.
    func index(forKey key: String, shape: KeyShape) -> Int? {
        members.withUnsafeBufferPointer { members in
            for index in members.indices
            where members[index].keyShape.isEqualKey(members[index].key, to: key, shaped: shape) {
                return index
            }
            return nil
        }
    }
}
