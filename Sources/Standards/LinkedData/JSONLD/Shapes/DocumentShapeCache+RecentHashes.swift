extension DocumentShapeCache {
    /// The structural hashes whose plans applied last, most recent first, at most four.
    ///
    /// Kept inline rather than in an array: every document reads them, and promoting a hash
    /// while a reader still held the array copied it.
    struct RecentHashes: Sendable {
        static let capacity = 4

        private var hashes: (Int, Int, Int, Int) = (0, 0, 0, 0)
        /// How many of the four places hold a hash.
        private(set) var count = 0

        /// The hash at `position` (0 is the most recent), `position < count`.
        subscript(position: Int) -> Int {
            switch position {
            case 0: hashes.0
            case 1: hashes.1
            case 2: hashes.2
            default: hashes.3
            }
        }

        func contains(_ hash: Int) -> Bool {
            (0..<count).contains { self[$0] == hash }
        }

        /// Puts `hash` first, moving the others down and dropping the oldest when full.
        mutating func promote(_ hash: Int) {
            guard count == 0 || self[0] != hash else { return }
            let previous = (0..<count).first { self[$0] == hash } ?? min(count, Self.capacity - 1)
            // Shift the entries before `previous` down one place; `previous` is overwritten.
            if previous >= 3 { hashes.3 = hashes.2 }
            if previous >= 2 { hashes.2 = hashes.1 }
            if previous >= 1 { hashes.1 = hashes.0 }
            hashes.0 = hash
            count = min(max(count, previous + 1), Self.capacity)
        }

        mutating func removeAll() { count = 0 }
    }
}
