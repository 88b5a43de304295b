/// The eight data mask patterns and the penalty scoring that chooses among them (ISO/IEC 18004 §7.8).
enum QRMask {
    /// Whether mask `mask` inverts the module at (row, column): Table 10, with i the row and j the column.
    static func inverts(_ mask: Int, row i: Int, column j: Int) -> Bool {
        switch mask {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        case 7: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        default: false
        }
    }

    /// The penalty of a masked matrix (format and version information not yet written), Table 11:
    /// - N1: 3 + (n − 5) for every run of n ≥ 5 same-coloured modules in a row or column;
    /// - N2: 3 for every 2×2 block of one colour (overlapping blocks each count, so an m×n block scores 3(m−1)(n−1));
    /// - N3: 40 for every dark:light:dark:light:dark 1:1:3:1:1 pattern in a row or column with a
    ///   light area 4 modules wide before or after it. The light area may lie in the quiet zone,
    ///   which surrounds every symbol and is light: outside the matrix counts as light;
    /// - N4: 10 for every full 5 % the share of dark modules lies away from 50 %.
    static func penalty(of matrix: QRMatrix) -> Int {
        let size = matrix.size
        var score = 0
        var line = [Bool](repeating: false, count: size)
        for horizontal in [true, false] {
            for index in 0..<size {
                for position in 0..<size {
                    line[position] = horizontal ? matrix[index, position] : matrix[position, index]
                }
                score += runPenalty(line) + finderLikePenalty(line)
            }
        }
        for row in 0..<(size - 1) {
            for column in 0..<(size - 1) {
                let colour = matrix[row, column]
                if matrix[row, column + 1] == colour && matrix[row + 1, column] == colour && matrix[row + 1, column + 1] == colour {
                    score += 3
                }
            }
        }
        var darkCount = 0
        for row in 0..<size {
            for column in 0..<size where matrix[row, column] { darkCount += 1 }
        }
        let total = size * size
        // k = ⌊|dark/total − 1/2| / 5 %⌋, in integers: ⌊|20·dark − 10·total| / total⌋.
        score += 10 * (abs(20 * darkCount - 10 * total) / total)
        return score
    }

    /// N1 for one line.
    static func runPenalty(_ line: [Bool]) -> Int {
        var score = 0
        var runLength = 0
        var previous: Bool?
        for module in line {
            if module == previous {
                runLength += 1
            } else {
                if runLength >= 5 { score += runLength - 2 }
                runLength = 1
                previous = module
            }
        }
        if runLength >= 5 { score += runLength - 2 }
        return score
    }

    /// N3 for one line: every occurrence of dark-light-dark-dark-dark-light-dark with four light
    /// modules (or the quiet zone) on at least one side.
    static func finderLikePenalty(_ line: [Bool]) -> Int {
        let pattern = [true, false, true, true, true, false, true]
        guard line.count >= pattern.count else { return 0 }
        func isLight(_ position: Int) -> Bool { position < 0 || position >= line.count || !line[position] }
        var score = 0
        for start in 0...(line.count - pattern.count) {
            guard (0..<pattern.count).allSatisfy({ line[start + $0] == pattern[$0] }) else { continue }
            let lightBefore = (start - 4..<start).allSatisfy(isLight)
            let lightAfter = (start + 7..<start + 11).allSatisfy(isLight)
            if lightBefore || lightAfter { score += 40 }
        }
        return score
    }
}
