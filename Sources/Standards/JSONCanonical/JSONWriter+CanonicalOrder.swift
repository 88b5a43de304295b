extension JSONWriter {
    /// Calls `body` with the positions of the members sorted by the UTF-16 code units of their
    /// keys (RFC 8785 section 3.2.3).
    ///
    /// Positions rather than members, so sorting moves integers only; each key's first eight
    /// bytes are packed into an integer once, so most comparisons of ASCII keys are one integer
    /// comparison instead of two string walks. The positions live on the stack.
    static func withCanonicalOrder<Result>(
        _ members: UnsafeBufferPointer<JSONObject.Member>, _ body: (UnsafeMutableBufferPointer<SortEntry>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: SortEntry.self, capacity: members.count) { entries in
            for index in members.indices {
                entries.initializeElement(at: index, to: SortEntry(prefix: members[index].keyShape.prefix, index: index))
            }
            let precedes = { (a: SortEntry, b: SortEntry) -> Bool in
                // Eight ASCII bytes that differ decide alone: for ASCII, UTF-16 order is byte order.
                if a.prefix != b.prefix, (a.prefix | b.prefix) & 0x8080_8080_8080_8080 == 0 {
                    return a.prefix < b.prefix
                }
                return UTF16Order.precedes(members[a.index].key, members[b.index].key)
            }
            if entries.count <= 16 {
                var sorted = 1
                while sorted < entries.count {
                    let entry = entries[sorted]
                    var slot = sorted
                    while slot > 0, precedes(entry, entries[slot - 1]) {
                        entries[slot] = entries[slot - 1]
                        slot -= 1
                    }
                    entries[slot] = entry
                    sorted += 1
                }
            } else {
                var all = entries
                all.sort(by: precedes)
            }
            let result = body(entries)
            entries.deinitialize()
            return result
        }
    }

    /// One member's place in the sort.
    struct SortEntry {
        /// The key's first eight UTF-8 bytes, big-endian, zero-padded (KeyShape.prefix). When
        /// two prefixes differ, the smaller one's key has either the smaller byte at the first
        /// difference or ends there (padding is zero, below any byte a longer key has at that
        /// place, unless that byte is itself zero, in which case the prefixes do not differ there).
        var prefix: UInt64
        /// The member's position in the object.
        var index: Int
    }
}
