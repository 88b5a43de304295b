import Foundation

extension RDFWriter {
    /// XSD canonical double as JSON-LD writes it: `1.1E0`, `5.0E0`, `1.0E-7`.
    ///
    /// The digits are C's `%.15E` (sixteen significant digits, rounded half to even from the
    /// exact binary value), with trailing zeros dropped and the exponent written plainly. For
    /// magnitudes from 1e-7 to 1e16 they are worked out in 128-bit integers
    /// (``sixteenDigits(of:)``): building the C variadic argument list cost more than the rest
    /// of a credential's literals together. Outside that range C's `vsnprintf` writes them.
    static func canonicalDouble(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? "NaN" : (number > 0 ? "INF" : "-INF") }
        guard let (digits, exponent) = sixteenDigits(of: number.magnitude) else { return canonicalDoubleByPrintf(number) }
        // "-d.ddddddddddddddd" and "E-7" fit in 24 bytes.
        return String(unsafeUninitializedCapacity: 24) { text in
            var position = 0
            if number.sign == .minus {
                text[0] = UInt8(ascii: "-")
                position = 1
            }
            // Trailing zeros go, but one digit stays after the point.
            var kept = digits
            var count = 16
            while count > 2, kept % 10 == 0 {
                kept /= 10
                count -= 1
            }
            // Written from the back: the digits after the point, the point, the first digit.
            var cursor = position + count
            for _ in 1..<count {
                text[cursor] = UInt8(ascii: "0") &+ UInt8(kept % 10)
                kept /= 10
                cursor -= 1
            }
            text[cursor] = UInt8(ascii: ".")
            text[cursor - 1] = UInt8(ascii: "0") &+ UInt8(kept)
            position += count + 1
            text[position] = UInt8(ascii: "E")
            position += 1
            if exponent < 0 {
                text[position] = UInt8(ascii: "-")
                position += 1
            }
            let magnitude = exponent.magnitude
            if magnitude >= 10 {
                text[position] = UInt8(ascii: "0") &+ UInt8(magnitude / 10)
                position += 1
            }
            text[position] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
            return position + 1
        }
    }

    /// The sixteen significant digits `%.15E` gives for `magnitude`, as an integer in
    /// 10^15 ..< 10^16, and the decimal exponent; `nil` for zero, subnormals, magnitudes under
    /// 1e-7 or from 1e16, where `magnitude · 10^(15 − exponent)` might not fit 128 bits.
    ///
    /// A normal double is `significand · 2^binaryExponent` exactly, so the scaled value
    /// `significand · 10^(15 − exponent) · 2^binaryExponent` is an exact integer quotient and
    /// remainder, rounded half to even as glibc's printf rounds. `log10` only guesses the
    /// exponent; the quotient's digit count corrects it.
    static func sixteenDigits(of magnitude: Double) -> (digits: UInt64, exponent: Int)? {
        guard magnitude.isNormal, magnitude >= 1e-7, magnitude < 1e16 else { return nil }
        let significand = UInt128(magnitude.significandBitPattern | (1 << 52))
        let binaryExponent = Int(magnitude.exponent) - 52
        let lowest: UInt128 = 1_000_000_000_000_000
        let highest: UInt128 = 10_000_000_000_000_000
        // The guess is clamped: log10 of 9.999999999999998e15 rounds to 16.
        var exponent = min(max(Int(log10(magnitude).rounded(.down)), -7), 15)
        for _ in 0..<3 {
            guard (-7...15).contains(exponent) else { return nil }
            // At most 2^53 · 10^22 < 2^127; and magnitude ≥ 1e-7 keeps the shift under 77.
            let scaled = significand * powerOfTen(15 - exponent)
            var quotient = scaled
            var roundsUp = false
            if binaryExponent >= 0 {
                quotient = scaled << binaryExponent
            } else {
                let shift = -binaryExponent
                quotient = scaled >> shift
                let remainder = scaled & ((1 << shift) - 1)
                let half: UInt128 = 1 << (shift - 1)
                roundsUp = remainder > half || (remainder == half && quotient & 1 == 1)
            }
            if quotient >= highest {
                exponent += 1
                continue
            }
            if quotient < lowest {
                exponent -= 1
                continue
            }
            if roundsUp { quotient += 1 }
            // 9.9999999999999999… rounds up to the next power of ten.
            if quotient == highest { return (UInt64(lowest), exponent + 1) }
            return (UInt64(quotient), exponent)
        }
        return nil
    }

    /// 10^exponent for 0 ... 22.
    private static func powerOfTen(_ exponent: Int) -> UInt128 {
        var power: UInt128 = 1
        for _ in 0..<exponent { power *= 10 }
        return power
    }

    /// The general formatter: `%.15E` through C's `vsnprintf` into a stack buffer, for the
    /// magnitudes ``sixteenDigits(of:)`` leaves out (and zero).
    static func canonicalDoubleByPrintf(_ number: Double) -> String {
        // "-d.dddddddddddddddE+ddd" is at most 24 bytes.
        let formatted = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer -> [UInt8] in
            let written = buffer.baseAddress.map { base in withVaList([number]) { vsnprintf(base, 32, "%.15E", $0) } } ?? -1
            guard let base = buffer.baseAddress, written > 0, written < 32 else {
                return Array(String(format: "%.15E", number).utf8)
            }
            return UnsafeRawBufferPointer(start: base, count: Int(written)).map { $0 }
        }
        guard let e = formatted.firstIndex(of: UInt8(ascii: "E")) else { return String(decoding: formatted, as: UTF8.self) }
        var mantissaEnd = e
        // Trailing zeros go, but one digit stays after the point.
        while mantissaEnd > 2, formatted[mantissaEnd - 1] == UInt8(ascii: "0"), formatted[mantissaEnd - 2] != UInt8(ascii: ".") {
            mantissaEnd -= 1
        }
        let exponent = Int(String(decoding: formatted[(e + 1)...], as: UTF8.self)) ?? 0
        return String(decoding: formatted[..<mantissaEnd], as: UTF8.self) + "E" + String(exponent)
    }

    /// XSD canonical integer of a whole double.
    static func canonicalInteger(_ number: Double) -> String {
        if let exact = Int64(exactly: number) { return String(exact) }
        return String(format: "%.0f", number)
    }
}
