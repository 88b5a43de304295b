import Outbox
import Testing
import TestSupport

@Suite("Random status list index allocation")
struct StatusAllocationTests {
    @Test("blocks drawn until the list is full are unique, inside the list, random on both sides of half, and stop when it is full")
    func fillsWithoutRepeats() {
        let entries = 1_003  // not a multiple of 8: the last byte's spare bits are never handed out
        var bitmap = [UInt8](repeating: 0, count: (entries + 7) / 8)
        var allocated = 0
        var generator = SeededGenerator(seed: 12)
        var blocks: [[Int]] = []
        while allocated < entries {
            blocks.append(StatusAllocation.take(64, from: &bitmap, entries: entries, allocated: &allocated, using: &generator))
        }
        let all = blocks.flatMap { $0 }
        #expect(all.count == entries && Set(all) == Set(0..<entries))
        #expect(blocks.dropLast().allSatisfy { $0.count == 64 } && blocks.last?.count == entries % 64)
        #expect(StatusAllocation.take(5, from: &bitmap, entries: entries, allocated: &allocated, using: &generator).isEmpty)
        // Past half, draws are still random: a block is not simply the lowest free indexes.
        for block in blocks.suffix(4).dropLast() {
            #expect(block != block.sorted(), "\(block)")
        }
        #expect(blocks[0] != blocks[0].sorted())
    }
}
