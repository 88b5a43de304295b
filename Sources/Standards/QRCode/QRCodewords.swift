/// The final message of a symbol (ISO/IEC 18004 §7.4–7.6): one byte-mode segment, padded to the
/// version's data capacity, split into blocks, each block's error correction appended, and the
/// codewords of all blocks interleaved.
enum QRCodewords {
    /// The data codewords for `bytes` in byte mode: mode indicator 0100, the character count,
    /// the bytes, a terminator of up to four 0 bits, 0 bits to the byte boundary, then the pad
    /// codewords 0xEC 0x11 alternately (§7.4.9, §7.4.10). `bytes` must fit the version.
    static func data(for bytes: [UInt8], version: QRVersion) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: version.characterCountBits)
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacityBits = version.dataCodewords * 8
        // The terminator is shortened, or left out, when the data fills the symbol.
        bits.append(0, count: min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count < version.dataCodewords {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// The data codewords split into the version's blocks, each followed by its error correction,
    /// interleaved: the first codeword of every block, then the second, … (blocks that are one
    /// codeword shorter are skipped in the last round), then the error-correction codewords the same way.
    static func interleaved(_ data: [UInt8], version: QRVersion) -> [UInt8] {
        let generator = ReedSolomon.generator(degree: version.errorCorrectionPerBlock)
        var dataBlocks: [ArraySlice<UInt8>] = []
        var start = 0
        for group in version.groups {
            for _ in 0..<group.count {
                dataBlocks.append(data[start..<start + group.dataCodewords])
                start += group.dataCodewords
            }
        }
        let correctionBlocks = dataBlocks.map { ReedSolomon.errorCorrection(for: Array($0), generator: generator) }
        var message: [UInt8] = []
        message.reserveCapacity(version.totalCodewords)
        let longest = dataBlocks.map(\.count).max() ?? 0
        for index in 0..<longest {
            for block in dataBlocks where index < block.count {
                message.append(block[block.startIndex + index])
            }
        }
        for index in 0..<version.errorCorrectionPerBlock {
            for block in correctionBlocks { message.append(block[index]) }
        }
        return message
    }
}

/// Bits appended most significant first, read back as bytes (the last one padded with 0 bits).
struct BitBuffer {
    private(set) var bits: [Bool] = []

    var count: Int { bits.count }

    /// Appends the low `count` bits of `value`, most significant first.
    mutating func append(_ value: Int, count: Int) {
        guard count > 0 else { return }
        for shift in stride(from: count - 1, through: 0, by: -1) {
            bits.append((value >> shift) & 1 == 1)
        }
    }

    /// The bits as bytes, eight at a time.
    var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity((bits.count + 7) / 8)
        var current: UInt8 = 0
        for (index, bit) in bits.enumerated() {
            current = current << 1 | (bit ? 1 : 0)
            if index % 8 == 7 {
                result.append(current)
                current = 0
            }
        }
        if bits.count % 8 != 0 { result.append(current << (8 - bits.count % 8)) }
        return result
    }
}
