import Foundation
import Testing

@testable import QRCode

@Suite("QR code encoder pieces against ISO/IEC 18004")
struct QRCodeUnitTests {
    @Test("Reed–Solomon: the standard's 1-M example (Annex I, \"01234567\") gives its 10 error-correction codewords")
    func reedSolomonStandardExample() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let expected: [UInt8] = [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55]
        #expect(ReedSolomon.errorCorrection(for: data, generator: ReedSolomon.generator(degree: 10)) == expected)
    }

    @Test("byte mode \"certbridge\" at 1-M: data and error-correction codewords as segno computes them")
    func byteModeCodewords() throws {
        let version = try #require(QRVersion(1))
        let data = QRCodewords.data(for: Array("certbridge".utf8), version: version)
        // Mode 0100, count 00001010, the bytes, terminator 0000, then pad codewords 0xEC 0x11.
        #expect(data == [0x40, 0xA6, 0x36, 0x57, 0x27, 0x46, 0x27, 0x26, 0x96, 0x46, 0x76, 0x50, 0xEC, 0x11, 0xEC, 0x11])
        // segno's make_blocks for the same data codewords (derived once, pinned here).
        let expected: [UInt8] = [0xC8, 0x50, 0xD8, 0x6C, 0x95, 0x03, 0xB8, 0x56, 0x2A, 0x6F]
        #expect(ReedSolomon.errorCorrection(for: data, generator: ReedSolomon.generator(degree: 10)) == expected)
    }

    @Test("generator polynomial for 10 codewords, as exponents of α (Annex A)")
    func generatorPolynomial() {
        let exponents = ReedSolomon.generator(degree: 10).map { GaloisField.logarithm[Int($0)] }
        #expect(exponents == [0, 251, 67, 46, 61, 118, 70, 64, 94, 32, 45])
    }

    @Test("format information for level M and each mask (Annex C, Table C.1)")
    func formatInformation() {
        let table = [
            0b101010000010010, 0b101000100100101, 0b101111001111100, 0b101101101001011,
            0b100010111111001, 0b100000011001110, 0b100111110010111, 0b100101010100000,
        ]
        for mask in 0...7 { #expect(QRMatrix.formatBits(mask: mask) == table[mask], "mask \(mask)") }
    }

    @Test("format information is drawn in both copies of the finished symbol, and the dark module")
    func formatPlacement() throws {
        let code = try QRCode.encode("certbridge", mask: 6)
        let bits = QRMatrix.formatBits(mask: 6)
        // Bits 14…9 along row 8 from the left edge, bits 7…0 along row 8 to the right edge.
        let leftRow = [0, 1, 2, 3, 4, 5, 7].map { code.isDark(row: 8, column: $0) }
        #expect(leftRow == [14, 13, 12, 11, 10, 9, 8].map { (bits >> $0) & 1 == 1 })
        let rightRow = (code.size - 8..<code.size).map { code.isDark(row: 8, column: $0) }
        #expect(rightRow == (0...7).reversed().map { (bits >> $0) & 1 == 1 })
        #expect(code.isDark(row: code.size - 8, column: 8))
    }

    @Test("version information (Annex D, Table D.1)")
    func versionInformation() {
        #expect(QRMatrix.versionBits(7) == 0b000111_110010010100)
        #expect(QRMatrix.versionBits(8) == 0b001000_010110111100)
        #expect(QRMatrix.versionBits(40) == 0b101000_110001101001)
    }

    @Test("capacity tables: total codewords (Table 1), remainder bits, byte capacity (Table 7)")
    func capacityTables() throws {
        let totals = [
            26, 44, 70, 100, 134, 172, 196, 242, 292, 346, 404, 466, 532, 581, 655, 733, 815, 901, 991, 1085,
            1156, 1258, 1364, 1474, 1588, 1706, 1828, 1921, 2051, 2185, 2323, 2465, 2611, 2761, 2876, 3034, 3196, 3362, 3532, 3706,
        ]
        for version in QRVersion.all {
            #expect(version.totalCodewords == totals[version.number - 1], "version \(version.number)")
            #expect(version.byteCapacity == QRCodeTestTexts.byteCapacity[version.number - 1], "version \(version.number)")
            // The modules left for data after the function patterns: every codeword, then the remainder bits.
            let matrix = QRMatrix(version: version)
            let free = matrix.isFunction.filter { !$0 }.count
            let remainder = switch version.number {
            case 2...6: 7
            case 14...20, 28...34: 3
            case 21...27: 4
            default: 0
            }
            #expect(free == version.totalCodewords * 8 + remainder, "version \(version.number)")
        }
        #expect(try QRCode.encode(String(repeating: "x", count: 14)).version == 1)
        #expect(try QRCode.encode(String(repeating: "x", count: 15)).version == 2)
        #expect(try QRCode.encode(String(repeating: "x", count: 2331)).version == 40)
    }

    @Test("text over version 40-M's 2331 bytes is refused with the numbers and what to do")
    func tooLong() {
        let text = String(repeating: "é", count: 1166)  // 2332 bytes
        #expect(throws: QRCodeError.tooLong(bytes: 2332, maximum: 2331)) { try QRCode.encode(text) }
        let description = QRCodeError.tooLong(bytes: 2332, maximum: 2331).description
        #expect(description.contains("2332") && description.contains("2331") && description.contains("credential_offer_uri"))
    }

    @Test("forced version and mask are checked")
    func forcedValues() {
        #expect(throws: QRCodeError.doesNotFit(bytes: 15, version: 1, maximum: 14)) {
            try QRCode.encode(String(repeating: "x", count: 15), version: 1)
        }
        #expect(throws: QRCodeError.invalidVersion(0)) { try QRCode.encode("x", version: 0) }
        #expect(throws: QRCodeError.invalidVersion(41)) { try QRCode.encode("x", version: 41) }
        #expect(throws: QRCodeError.invalidMask(8)) { try QRCode.encode("x", mask: 8) }
        #expect(throws: QRCodeError.invalidMask(-1)) { try QRCode.encode("x", mask: -1) }
    }

    @Test("penalty rules N1–N4 on small lines and blocks")
    func penaltyRules() {
        // N1: a run of 5 scores 3, of 7 scores 5.
        #expect(QRMask.runPenalty([true, true, true, true, true, false]) == 3)
        #expect(QRMask.runPenalty([false, false, false, false, false, false, false]) == 5)
        #expect(QRMask.runPenalty([true, false, true, true, false]) == 0)
        // N3: 1:1:3:1:1 with four light modules after it; at the edge the quiet zone is the light area.
        let finder: [Bool] = [true, false, true, true, true, false, true]
        #expect(QRMask.finderLikePenalty([true, true, true, true] + finder + [false, false, false, false]) == 40)
        #expect(QRMask.finderLikePenalty(finder + [true, true, true, true]) == 40)
        #expect(QRMask.finderLikePenalty([true, true, true, true] + finder + [false, false, false, true]) == 0)
        // Two patterns sharing a dark module, the second at the edge: both exist, both count.
        // (segno 1.6.6 resumes its search after the first match's end and scores this 40; found
        // on random texts, where it makes segno choose another mask in about 1 % of symbols.)
        let shared = [false, false, false, false] + finder + Array(finder.dropFirst())
        #expect(QRMask.finderLikePenalty(shared) == 80)
    }

    @Test("modules and isDark agree; outside the symbol is light")
    func modules() throws {
        let code = try QRCode.encode("certbridge")
        #expect(code.size == 21 && code.modules.count == 21 && code.modules.allSatisfy { $0.count == 21 })
        for row in 0..<code.size {
            for column in 0..<code.size { #expect(code.modules[row][column] == code.isDark(row: row, column: column)) }
        }
        #expect(!code.isDark(row: -1, column: 0) && !code.isDark(row: 0, column: 21))
        // The top-left finder's corner is dark, its separator light.
        #expect(code.isDark(row: 0, column: 0) && !code.isDark(row: 7, column: 7))
    }

    @Test("SVG: sized with a quiet zone, crisp edges, no script, escaped colours, the dark modules exactly")
    func svg() throws {
        let code = try QRCode.encode(QRCodeTestTexts.offerURL)
        let svg = code.svg(moduleSize: 5, quietZone: 4, darkColor: "#123\"><script>alert(1)</script>", lightColor: "white")
        let extent = code.size + 8
        #expect(svg.contains("width=\"\(extent * 5)\" height=\"\(extent * 5)\" viewBox=\"0 0 \(extent) \(extent)\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(!svg.lowercased().contains("<script"))
        #expect(svg.contains("fill=\"#123&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
        #expect(svg.contains("<rect width=\"\(extent)\" height=\"\(extent)\" fill=\"white\"/>"))
        #expect(svg.components(separatedBy: "<path").count == 2)

        // Rebuild the dark modules from the path's runs ("Mx yhNv1h-Nz", offset by the quiet zone).
        let d = try #require(svg.split(separator: " d=\"").last?.split(separator: "\"").first)
        var painted = Set<[Int]>()
        for run in d.split(separator: "M") {
            let numbers = run.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            try #require(numbers.count == 5)
            for column in numbers[0]..<numbers[0] + numbers[2] { painted.insert([numbers[1] - 4, column - 4]) }
        }
        var dark = Set<[Int]>()
        for row in 0..<code.size {
            for column in 0..<code.size where code.isDark(row: row, column: column) { dark.insert([row, column]) }
        }
        #expect(painted == dark)
        // Runs are merged: no two runs of one row touch.
        #expect(d.split(separator: "M").count < dark.count)
    }
}
