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
        while taken.count < count, allocated < entries {
            let index: Int
            if allocated * 2 < entries {
                // Mostly free: draw until a free one comes up (expected < 2 draws).
                var candidate = Int.random(in: 0..<entries, using: &generator)
                while isTaken(candidate, in: bitmap) { candidate = Int.random(in: 0..<entries, using: &generator) }
                index = candidate
            } else {
                // Mostly taken: draw the n-th free index, so the time does not grow as the list fills.
                var remaining = Int.random(in: 0..<(entries - allocated), using: &generator)
                var found = -1
                for candidate in 0..<entries where !isTaken(candidate, in: bitmap) {
                    if remaining == 0 {
                        found = candidate
                        break
                    }
                    remaining -= 1
                }
                guard found >= 0 else { break }
                index = found
            }
            bitmap[index >> 3] |= 0x80 >> UInt8(index & 7)
            allocated += 1
            taken.append(index)
        }
        return taken
    }

    static func isTaken(_ index: Int, in bitmap: [UInt8]) -> Bool {
        bitmap[index >> 3] & (0x80 >> UInt8(index & 7)) != 0
    }
}
