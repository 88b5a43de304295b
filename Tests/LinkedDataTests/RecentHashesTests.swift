@testable import LinkedData
import TestSupport
import Testing

/// The document shape cache's inline list of recent hashes against a plain array doing the same.
@Suite("Recent shape hashes")
struct RecentHashesTests {
    /// What the inline list should hold: most recent first, no repeats, the oldest dropped.
    static func promoted(_ hash: Int, in model: [Int]) -> [Int] {
        Array(([hash] + model.filter { $0 != hash }).prefix(DocumentShapeCache.RecentHashes.capacity))
    }

    static func contents(_ recent: DocumentShapeCache.RecentHashes) -> [Int] {
        (0..<recent.count).map { recent[$0] }
    }

    @Test("promoting hashes keeps the most recent first, without repeats, at most four")
    func promotion() {
        var recent = DocumentShapeCache.RecentHashes()
        for hash in [7, 8, 7, 9, 10, 11, 8, 8] { recent.promote(hash) }
        #expect(Self.contents(recent) == [8, 11, 10, 9])
        #expect(recent.contains(9) && !recent.contains(7))
        recent.removeAll()
        #expect(recent.count == 0 && !recent.contains(8))
    }

    @Test("random promotions agree with an array model")
    func againstModel() {
        var generator = SeededGenerator(seed: 0x4EC3_4E7)
        var recent = DocumentShapeCache.RecentHashes()
        var model: [Int] = []
        for step in 0..<5_000 {
            // Few distinct hashes, so promotions hit every position; zero and negative ones too.
            let hash = Int.random(in: -2...5, using: &generator)
            recent.promote(hash)
            model = Self.promoted(hash, in: model)
            #expect(Self.contents(recent) == model, "step \(step)")
            if Self.contents(recent) != model { break }
            if Int.random(in: 0..<200, using: &generator) == 0 {
                recent.removeAll()
                model = []
            }
        }
    }
}
