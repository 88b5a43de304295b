/// Picks unused indexes at random from a list's allocation bitmap (bit `i` set = index `i` is
/// taken). The spec asks for random indexes (herd privacy); every store applies this same rule
/// under its own lock, so SQLite and PostgreSQL allocate alike.
public enum StatusAllocation {
    /// The slug of the `sequence`-th list of a family name and purpose: `courses-revocation-1`.
    public static func slug(name: String, purpose: String, sequence: Int) -> String { "\(name)-\(purpose)-\(sequence)" }

    /// Takes up to `count` free indexes from `bitmap` (of `entries` bits), marks them taken and
    /// returns them in the order drawn; fewer when the list fills up.
    public static func take<G: RandomNumberGenerator>(
        _ count: Int, from bitmap: inout [UInt8], entries: Int, allocated: inout Int, using generator: inout G
    ) -> [Int] {
        var taken: [Int] = []
        taken.reserveCapacity(count)
        // Mostly free: draw until a free one comes up (fewer than 2 draws expected).
        while taken.count < count, allocated * 2 < entries {
            var candidate = Int.random(in: 0..<entries, using: &generator)
            while isTaken(candidate, in: bitmap) { candidate = Int.random(in: 0..<entries, using: &generator) }
            mark(candidate, in: &bitmap, allocated: &allocated, taken: &taken)
        }
        guard taken.count < count, allocated < entries else { return taken }
        // Mostly taken: list the free indexes once (whole bytes of taken bits are skipped), then
        // draw from them without replacement, so a block costs one pass however full the list is.
        var free = freeIndexes(in: bitmap, entries: entries)
        var next = 0
        while taken.count < count, next < free.count {
            free.swapAt(next, Int.random(in: next..<free.count, using: &generator))
            mark(free[next], in: &bitmap, allocated: &allocated, taken: &taken)
            next += 1
        }
        return taken
    }

    private static func mark(_ index: Int, in bitmap: inout [UInt8], allocated: inout Int, taken: inout [Int]) {
        bitmap[index >> 3] |= 0x80 >> UInt8(index & 7)
        allocated += 1
        taken.append(index)
    }

    /// The unset bits below `entries`, in order.
    static func freeIndexes(in bitmap: [UInt8], entries: Int) -> [Int] {
        var free: [Int] = []
        for (offset, byte) in bitmap.enumerated() where byte != 0xFF {
            let base = offset << 3
            for bit in 0..<8 where byte & (0x80 >> UInt8(bit)) == 0 && base + bit < entries { free.append(base + bit) }
        }
        return free
    }

    static func isTaken(_ index: Int, in bitmap: [UInt8]) -> Bool {
        bitmap[index >> 3] & (0x80 >> UInt8(index & 7)) != 0
    }
}
