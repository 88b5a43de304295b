/// One QR code version (1–40) at error-correction level M: its size, its block structure and
/// its capacity, from ISO/IEC 18004 Table 9 (error-correction characteristics) and Annex E
/// (alignment pattern positions).
struct QRVersion: Sendable, Equatable {
    /// Blocks of one length: `count` blocks, each of `dataCodewords` data codewords.
    struct BlockGroup: Sendable, Equatable {
        var count: Int
        var dataCodewords: Int
    }

    /// The version number, 1 through 40.
    let number: Int
    /// Error-correction codewords in every block (level M).
    let errorCorrectionPerBlock: Int
    /// The blocks, shorter ones first, in the order their codewords are interleaved.
    let groups: [BlockGroup]

    /// Version 1 is 21 modules wide; every further version adds 4 (§6.3.1).
    var size: Int { 17 + 4 * number }

    /// All data codewords of the symbol.
    var dataCodewords: Int { groups.reduce(0) { $0 + $1.count * $1.dataCodewords } }

    /// All codewords of the symbol, data and error correction (Table 1's "total number of codewords").
    var totalCodewords: Int {
        groups.reduce(0) { $0 + $1.count * ($1.dataCodewords + errorCorrectionPerBlock) }
    }

    /// The character count indicator's length in byte mode: 8 bits up to version 9, 16 from version 10 (Table 3).
    var characterCountBits: Int { number <= 9 ? 8 : 16 }

    /// How many bytes fit in byte mode: the data bits less the 4-bit mode indicator and the
    /// character count indicator, in whole bytes.
    var byteCapacity: Int { (dataCodewords * 8 - 4 - characterCountBits) / 8 }

    /// Row and column centres of the alignment patterns (Annex E, Table E.1); empty for version 1.
    var alignmentPositions: [Int] { Self.alignmentTable[number - 1] }

    /// The version with this number, or `nil` outside 1...40.
    init?(_ number: Int) {
        guard (1...40).contains(number) else { return nil }
        let row = Self.levelM[number - 1]
        self.number = number
        self.errorCorrectionPerBlock = row.ec
        var groups = [BlockGroup(count: row.blocks1, dataCodewords: row.data1)]
        if row.blocks2 > 0 { groups.append(BlockGroup(count: row.blocks2, dataCodewords: row.data2)) }
        self.groups = groups
    }

    /// Every version, smallest first.
    static let all: [QRVersion] = (1...40).compactMap { QRVersion($0) }

    /// The smallest version whose byte capacity holds `byteCount` bytes.
    static func smallest(holding byteCount: Int) -> QRVersion? {
        all.first { $0.byteCapacity >= byteCount }
    }

    /// Level M of Table 9, per version: error-correction codewords per block, then the
    /// (number of blocks, data codewords per block) of the first and second group.
    private static let levelM: [(ec: Int, blocks1: Int, data1: Int, blocks2: Int, data2: Int)] = [
        (10, 1, 16, 0, 0), (16, 1, 28, 0, 0), (26, 1, 44, 0, 0), (18, 2, 32, 0, 0), (24, 2, 43, 0, 0),  // 1–5
        (16, 4, 27, 0, 0), (18, 4, 31, 0, 0), (22, 2, 38, 2, 39), (22, 3, 36, 2, 37), (26, 4, 43, 1, 44),  // 6–10
        (30, 1, 50, 4, 51), (22, 6, 36, 2, 37), (22, 8, 37, 1, 38), (24, 4, 40, 5, 41), (24, 5, 41, 5, 42),  // 11–15
        (28, 7, 45, 3, 46), (28, 10, 46, 1, 47), (26, 9, 43, 4, 44), (26, 3, 44, 11, 45), (26, 3, 41, 13, 42),  // 16–20
        (26, 17, 42, 0, 0), (28, 17, 46, 0, 0), (28, 4, 47, 14, 48), (28, 6, 45, 14, 46), (28, 8, 47, 13, 48),  // 21–25
        (28, 19, 46, 4, 47), (28, 22, 45, 3, 46), (28, 3, 45, 23, 46), (28, 21, 45, 7, 46), (28, 19, 47, 10, 48),  // 26–30
        (28, 2, 46, 29, 47), (28, 10, 46, 23, 47), (28, 14, 46, 21, 47), (28, 14, 46, 23, 47), (28, 12, 47, 26, 48),  // 31–35
        (28, 6, 47, 34, 48), (28, 29, 46, 14, 47), (28, 13, 46, 32, 47), (28, 40, 47, 7, 48), (28, 18, 47, 31, 48),  // 36–40
    ]

    /// Annex E, Table E.1: the row/column coordinates of alignment pattern centres.
    private static let alignmentTable: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82], [6, 30, 58, 86],
        [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],
        [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130],
        [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142],
        [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]
}
