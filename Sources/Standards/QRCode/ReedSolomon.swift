/// Arithmetic in GF(2⁸) as ISO/IEC 18004 defines it for QR codes (§7.5.2): the field is built
/// from the primitive polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D), with α = 2.
enum GaloisField {
    /// `exponent[i]` is αⁱ for i in 0..<255, stored twice so that the sum of two logarithms
    /// (at most 508) indexes it without a modulo.
    static let exponent: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for power in 0..<255 {
            table[power] = UInt8(value)
            table[power + 255] = UInt8(value)
            value <<= 1
            // Reduce by the field polynomial when the product leaves the 8 bits.
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// `logarithm[x]` is the i with αⁱ = x, for x ≠ 0 (entry 0 is unused: 0 has no logarithm).
    static let logarithm: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for power in 0..<255 { table[Int(exponent[power])] = power }
        return table
    }()

    /// The product of two field elements.
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exponent[logarithm[Int(a)] + logarithm[Int(b)]]
    }
}

/// The Reed–Solomon error-correction codewords of one block (ISO/IEC 18004 §7.5.2).
enum ReedSolomon {
    /// The generator polynomial g(x) = (x − α⁰)(x − α¹)…(x − α^(degree−1)), coefficients from the
    /// highest power down, the leading 1 included (degree + 1 coefficients).
    static func generator(degree: Int) -> [UInt8] {
        var polynomial: [UInt8] = [1]
        for root in 0..<degree {
            // Multiply by (x + αʳ): in GF(2⁸) subtraction is addition, which is XOR.
            var product = [UInt8](repeating: 0, count: polynomial.count + 1)
            for (index, coefficient) in polynomial.enumerated() {
                product[index] ^= coefficient
                product[index + 1] ^= GaloisField.multiply(coefficient, GaloisField.exponent[root])
            }
            polynomial = product
        }
        return polynomial
    }

    /// The remainder of data(x)·x^n divided by the generator of degree n: the block's n
    /// error-correction codewords, highest power first (the order they are transmitted in).
    static func errorCorrection(for data: [UInt8], generator: [UInt8]) -> [UInt8] {
        let degree = generator.count - 1
        var remainder = [UInt8](repeating: 0, count: degree)
        guard degree > 0 else { return remainder }
        for codeword in data {
            // Long division, one data codeword at a time: shift the remainder and subtract
            // the generator scaled by the coefficient that falls out.
            let factor = codeword ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in 0..<degree {
                remainder[index] ^= GaloisField.multiply(generator[index + 1], factor)
            }
        }
        return remainder
    }
}
