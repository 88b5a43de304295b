/// All orderings of a list, generated lazily in lexicographic order of positions.
struct Permutations<Element>: IteratorProtocol {
    private let elements: [Element]
    private var indices: [Int]
    private var finished = false

    init(_ elements: [Element]) {
        self.elements = elements
        indices = Array(elements.indices)
    }

    mutating func next() -> [Element]? {
        guard !finished else { return nil }
        let current = indices.map { elements[$0] }
        advance()
        return current
    }

    /// Narayana's next-permutation step; marks the end after the last ordering.
    private mutating func advance() {
        guard indices.count > 1 else {
            finished = true
            return
        }
        var pivot = indices.count - 2
        while pivot >= 0 && indices[pivot] >= indices[pivot + 1] { pivot -= 1 }
        guard pivot >= 0 else {
            finished = true
            return
        }
        var successor = indices.count - 1
        while indices[successor] <= indices[pivot] { successor -= 1 }
        indices.swapAt(pivot, successor)
        indices[(pivot + 1)...].reverse()
    }
}
