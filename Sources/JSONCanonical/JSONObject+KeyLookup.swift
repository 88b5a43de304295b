/// What a key lookup can compare before comparing two strings.
///
/// `String ==` compares by Unicode canonical equivalence, which JSONObject keeps for its keys
/// (so "é" and "e\u{301}" name the same member, as they always did). Two ASCII strings are
/// equivalent only when their bytes are equal, so ASCII keys of different UTF-8 lengths can be
/// told apart from their lengths alone; any key with other characters is compared in full.
struct KeyShape: Sendable, Hashable {
    /// The UTF-8 length of an ASCII key; -1 for a key with any non-ASCII byte.
    let asciiLength: Int

    init(asciiLength: Int) {
        self.asciiLength = asciiLength
    }

    @inline(__always)
    init(_ key: String) {
        let utf8 = key.utf8
        let isASCII = utf8.withContiguousStorageIfAvailable { WordScan.isASCII($0) } ?? !utf8.contains { $0 >= 0x80 }
        asciiLength = isASCII ? utf8.count : -1
    }

    /// Whether keys of these shapes can be equal; when true, `==` on the keys decides.
    @inline(__always)
    func mayEqual(_ other: KeyShape) -> Bool {
        asciiLength == other.asciiLength || asciiLength < 0 || other.asciiLength < 0
    }
}

extension JSONObject {
    /// The position of the member whose key is canonically equivalent to `key`.
    func index(forKey key: String, shape: KeyShape) -> Int? {
        members.withUnsafeBufferPointer { members in
            for index in members.indices {
                if members[index].keyShape.mayEqual(shape), members[index].key == key { return index }
            }
            return nil
        }
    }
}
