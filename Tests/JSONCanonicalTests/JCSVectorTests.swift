import Foundation
import JSONCanonical
import TestSupport
import Testing

@Suite("RFC 8785 vectors (cyberphone/json-canonicalization)")
struct JCSVectorTests {
    static let names = ["arrays", "french", "structures", "unicode", "values", "weird"]

    @Test("input canonicalises to output byte for byte", arguments: names)
    func canonicalForm(name: String) throws {
        let input = try SharedVectors.data("jcs/input/\(name).json")
        let expected = try SharedVectors.data("jcs/output/\(name).json")
        let value = try JSONValue(parsing: input)
        #expect(value.canonicalBytes == Array(expected))
    }

    @Test("canonical bytes match the hex vector", arguments: names)
    func canonicalHex(name: String) throws {
        let input = try SharedVectors.data("jcs/input/\(name).json")
        let hexText = try SharedVectors.text("jcs/outhex/\(name).txt")
        let expected = hexText.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" })
            .compactMap { UInt8($0, radix: 16) }
        let value = try JSONValue(parsing: input)
        #expect(value.canonicalBytes == expected)
    }

    @Test("canonical form is a fixed point")
    func idempotent() throws {
        for name in Self.names {
            let once = try JSONValue(parsing: try SharedVectors.data("jcs/input/\(name).json")).canonicalBytes
            let twice = try JSONValue(parsing: once).canonicalBytes
            #expect(once == twice, "\(name)")
        }
    }
}

@Suite("ECMAScript number serialisation")
struct JCSNumberTests {
    @Test("100,000 doubles serialise as V8 does (jcs-numbers/numbers-100k.txt)")
    func hundredThousandNumbers() throws {
        let text = try SharedVectors.text("jcs-numbers/numbers-100k.txt")
        var checked = 0
        var failures: [String] = []
        for line in text.split(separator: "\n") {
            guard let comma = line.firstIndex(of: ",") else { continue }
            guard let bits = UInt64(line[..<comma], radix: 16) else {
                Issue.record("unreadable line \(line)")
                continue
            }
            let expected = String(line[line.index(after: comma)...])
            let actual = ECMAScriptNumber.format(Double(bitPattern: bits)) ?? "<nil>"
            if actual != expected, failures.count < 10 { failures.append("\(line[..<comma]): \(actual) != \(expected)") }
            checked += 1
        }
        #expect(checked == 100_000)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("the README's sample lines", arguments: [
        ("4340000000000001", "9007199254740994"),
        ("4340000000000002", "9007199254740996"),
        ("444b1ae4d6e2ef50", "1e+21"),
        ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
        ("8000000000000000", "0"),
        ("0", "0"),
    ])
    func samples(hex: String, expected: String) throws {
        let bits = try #require(UInt64(hex, radix: 16))
        #expect(ECMAScriptNumber.format(Double(bitPattern: bits)) == expected)
    }

    @Test("non-finite numbers have no JSON form")
    func nonFinite() {
        #expect(ECMAScriptNumber.format(.nan) == nil)
        #expect(ECMAScriptNumber.format(.infinity) == nil)
        #expect(ECMAScriptNumber.format(-.infinity) == nil)
    }
}
