import Foundation
@testable import LinkedData
import Testing

/// `RDFWriter.canonicalDouble` (128-bit integer digits, C's `vsnprintf` outside their range)
/// against the `String(format:)` version it replaced.
@Suite("XSD canonical doubles against their reference")
struct CanonicalDoubleEquivalenceTests {
    /// The replaced implementation, unchanged.
    private static func reference(_ number: Double) -> String {
        guard number.isFinite else { return number.isNaN ? "NaN" : (number > 0 ? "INF" : "-INF") }
        let formatted = String(format: "%.15E", number)
        guard let e = formatted.firstIndex(of: "E") else { return formatted }
        var mantissa = String(formatted[..<e])
        let exponent = Int(formatted[formatted.index(after: e)...]) ?? 0
        while mantissa.hasSuffix("0") && !mantissa.hasSuffix(".0") { mantissa.removeLast() }
        return mantissa + "E" + String(exponent)
    }

    @Test("edges, decimals and 20,000 random doubles give the reference's text")
    func sameText() {
        var values: [Double] = [
            0, -0.0, 1, -1, 2.5, 0.1, 0.30000000000000004, 1e21, 1e-7, 123456789.125, .pi, -.pi,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude,
            .ulpOfOne, (9_007_199_254_740_992.0).nextUp, 1.7976931348623157e308, .infinity, -.infinity, .nan,
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)))
            values.append(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 1000)
        }
        for value in values {
            #expect(RDFWriter.canonicalDouble(value) == Self.reference(value), "\(value)")
        }
    }

    @Test("magnitudes from 1e-7 to 1e16 go through the integer digits, and they are printf's: near powers of ten, exact ties, decimals of 1 to 17 digits")
    func integerDigitsArePrintfs() {
        var values: [Double] = []
        for exponent in -7...16 {
            let power = Double("1e\(exponent)") ?? 0
            values += [power, power.nextUp, power.nextDown, power * 9.999999999999999, power * 9.9999999999999995, power / 2]
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            // Halves of odd integers from 2^50 to 2^53 have 17 significant digits ending in 5:
            // exact ties at the sixteenth digit, rounded to even.
            let odd = UInt64.random(in: (1 << 51)...(1 << 54), using: &generator) | 1
            values.append(Double(odd) / 2)
            // Decimal text of 1 to 17 digits at exponents around the range's edges.
            let digits = Int.random(in: 1...17, using: &generator)
            var mantissa = String(Int.random(in: 1...9, using: &generator))
            for _ in 1..<digits { mantissa += String(Int.random(in: 0...9, using: &generator)) }
            let exponent = Int.random(in: -9...17, using: &generator)
            values.append(Double("\(mantissa.prefix(1)).\(mantissa.dropFirst())e\(exponent)") ?? 1)
            // Dyadic fractions: exact binary values with long decimal expansions.
            values.append(Double(UInt64.random(in: 1...(1 << 53), using: &generator)) / Double(1 << Int.random(in: 1...60, using: &generator)))
        }
        var integerPath = 0
        for value in values {
            for signed in [value, -value] {
                let text = RDFWriter.canonicalDouble(signed)
                #expect(text == Self.reference(signed), "\(signed)")
                #expect(text == RDFWriter.canonicalDoubleByPrintf(signed), "\(signed)")
            }
            let magnitude = value.magnitude
            // The double nearest 1e-7 lies just under it, so the range starts a little above.
            if magnitude >= 1.000001e-7, magnitude < 1e16 {
                #expect(RDFWriter.sixteenDigits(of: magnitude) != nil, "\(value) is in range")
                integerPath += 1
            }
        }
        #expect(integerPath > 50_000)
    }
}
