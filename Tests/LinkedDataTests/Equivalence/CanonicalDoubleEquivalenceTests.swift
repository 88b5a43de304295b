import Foundation
@testable import LinkedData
import Testing

/// `RDFWriter.canonicalDouble` (C's `vsnprintf`) against the `String(format:)` version it replaced.
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
}
