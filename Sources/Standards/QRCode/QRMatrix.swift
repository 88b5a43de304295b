/// The module grid of one symbol: the function patterns of ISO/IEC 18004 §6.3 (finders with
/// their separators, timing, alignment, the dark module, format and version information) and
/// the data modules placed around them (§7.7.3).
struct QRMatrix: Sendable {
    let size: Int
    /// Row-major: `dark[row * size + column]`.
    private(set) var dark: [Bool]
    /// Modules of function patterns and reserved areas: never data, never masked.
    private(set) var isFunction: [Bool]

    /// A grid with the finder, separator, timing and alignment patterns of `version` drawn, and
    /// the format area, the dark module and (from version 7) the version areas reserved but
    /// still light: ISO/IEC 18004 §7.1 generates them in step 6, after the mask is chosen in
    /// step 5, so the masks are scored without them (``finish(mask:version:)`` writes them).
    init(version: QRVersion) {
        size = version.size
        dark = [Bool](repeating: false, count: size * size)
        isFunction = [Bool](repeating: false, count: size * size)
        drawTiming()
        drawFinder(row: 3, column: 3)
        drawFinder(row: 3, column: size - 4)
        drawFinder(row: size - 4, column: 3)
        drawAlignment(version.alignmentPositions)
        // Reserved so that data placement and masking skip them.
        drawFormat(bits: 0, darkModule: false)
        if version.number >= 7 { drawVersion(bits: 0) }
    }

    /// Writes the format information for `mask`, the dark module and the version information:
    /// the last step of the symbol (§7.9, §7.10).
    mutating func finish(mask: Int, version: Int) {
        drawFormat(bits: Self.formatBits(mask: mask), darkModule: true)
        if version >= 7 { drawVersion(bits: Self.versionBits(version)) }
    }

    subscript(row: Int, column: Int) -> Bool {
        dark[row * size + column]
    }

    private mutating func setFunction(row: Int, column: Int, dark value: Bool) {
        dark[row * size + column] = value
        isFunction[row * size + column] = true
    }

    /// Row 6 and column 6, alternating, dark at even positions (§6.3.5); the finders overwrite their ends.
    private mutating func drawTiming() {
        for index in 0..<size {
            setFunction(row: 6, column: index, dark: index % 2 == 0)
            setFunction(row: index, column: 6, dark: index % 2 == 0)
        }
    }

    /// A 7×7 finder centred at (row, column) and the light separator around it, clipped at the edge (§6.3.3–6.3.4).
    private mutating func drawFinder(row: Int, column: Int) {
        for dr in -4...4 {
            for dc in -4...4 {
                let r = row + dr, c = column + dc
                guard (0..<size).contains(r), (0..<size).contains(c) else { continue }
                // Rings by Chebyshev distance: 0–1 dark core, 2 light, 3 dark, 4 the separator.
                let ring = max(abs(dr), abs(dc))
                setFunction(row: r, column: c, dark: ring != 2 && ring != 4)
            }
        }
    }

    /// 5×5 alignment patterns at every pair of listed coordinates except the three that would
    /// overlap a finder (§6.3.6).
    private mutating func drawAlignment(_ positions: [Int]) {
        guard let first = positions.first, let last = positions.last else { return }
        for row in positions {
            for column in positions {
                if (row == first && column == first) || (row == first && column == last) || (row == last && column == first) {
                    continue
                }
                for dr in -2...2 {
                    for dc in -2...2 {
                        setFunction(row: row + dr, column: column + dc, dark: max(abs(dr), abs(dc)) != 1)
                    }
                }
            }
        }
    }

    /// The 15 format bits, both copies, and the dark module (§7.9).
    private mutating func drawFormat(bits: Int, darkModule: Bool) {
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        // First copy, around the top-left finder: bits 0–7 down column 8 (skipping the timing
        // row), bits 8–14 leftwards along row 8 (skipping the timing column).
        for index in 0...5 { setFunction(row: index, column: 8, dark: bit(index)) }
        setFunction(row: 7, column: 8, dark: bit(6))
        setFunction(row: 8, column: 8, dark: bit(7))
        setFunction(row: 8, column: 7, dark: bit(8))
        for index in 9...14 { setFunction(row: 8, column: 14 - index, dark: bit(index)) }
        // Second copy: bits 0–7 along row 8 from the right edge, bits 8–14 down column 8 at the bottom.
        for index in 0...7 { setFunction(row: 8, column: size - 1 - index, dark: bit(index)) }
        for index in 8...14 { setFunction(row: size - 15 + index, column: 8, dark: bit(index)) }
        // The module above the bottom copy is always dark (§7.9.1) in the finished symbol.
        setFunction(row: size - 8, column: 8, dark: darkModule)
    }

    /// The 18 version bits in the 6×3 blocks beside the top-right and bottom-left finders (§7.10).
    private mutating func drawVersion(bits: Int) {
        for index in 0..<18 {
            let value = (bits >> index) & 1 == 1
            let near = index / 3, far = size - 11 + index % 3
            setFunction(row: near, column: far, dark: value)
            setFunction(row: far, column: near, dark: value)
        }
    }

    /// Places `codewords` most significant bit first in the two-column zigzag from the bottom
    /// right, up and down in turn, skipping the vertical timing column and every function
    /// module (§7.7.3). Modules left over are the remainder bits, light before masking.
    mutating func place(_ codewords: [UInt8]) {
        let totalBits = codewords.count * 8
        var bitIndex = 0
        var upward = true
        var right = size - 1
        while right >= 1 {
            // Column 6 is the timing pattern: the pairs shift one to the left past it.
            if right == 6 { right = 5 }
            for step in 0..<size {
                let row = upward ? size - 1 - step : step
                for column in [right, right - 1] where !isFunction[row * size + column] {
                    if bitIndex < totalBits {
                        let byte = codewords[bitIndex / 8]
                        dark[row * size + column] = (byte >> (7 - bitIndex % 8)) & 1 == 1
                        bitIndex += 1
                    }
                }
            }
            upward.toggle()
            right -= 2
        }
    }

    /// Inverts every data module where `mask`'s condition holds (§7.8.2); function modules are left alone.
    mutating func applyMask(_ mask: Int) {
        for row in 0..<size {
            for column in 0..<size where !isFunction[row * size + column] && QRMask.inverts(mask, row: row, column: column) {
                dark[row * size + column].toggle()
            }
        }
    }

    /// Format information (§7.9.1): the level bits (M is 00) and the 3 mask bits, a BCH(15,5)
    /// remainder by x¹⁰+x⁸+x⁵+x⁴+x²+x+1 (0x537), XORed with 101010000010010 so it is never all zero.
    static func formatBits(mask: Int) -> Int {
        let levelM = 0b00
        let data = levelM << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// Version information (§7.10): 6 version bits and a BCH(18,6) remainder by
    /// x¹²+x¹¹+x¹⁰+x⁹+x⁸+x⁵+x²+1 (0x1F25).
    static func versionBits(_ number: Int) -> Int {
        var remainder = number
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return number << 12 | remainder
    }
}
