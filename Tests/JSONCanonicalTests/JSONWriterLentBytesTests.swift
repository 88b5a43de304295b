@testable import JSONCanonical
import TestSupport
import Testing

/// `JSONWriter.withBytes` writes into a buffer on the stack and moves to the heap when that is
/// full, and `bytes(_:)` and `string(_:)` copy out of it; what all three give must be exactly what
/// the reference writer (the implementation before the fast paths) writes, on both sides of that line.
@Suite("writer: lent bytes")
struct JSONWriterLentBytesTests {
    static let styles: [JSONWriter.Style] = [.canonical, .compact, .pretty]

    /// Values whose text is 1 byte, a little under, at and over the stack buffer, and far beyond it
    /// (where the heap buffer itself grows again).
    static func valuesAroundTheBuffer() -> [JSONValue] {
        let size = JSONWriter.lentBufferSize
        var values: [JSONValue] = [.null, .string("")]
        // A string's text is its length plus the two quotes: around the stack buffer, and around
        // the 4 KiB heap buffer the sink moves to from it.
        for length in (size - 4)...(size + 2) { values.append(.string(String(repeating: "a", count: length))) }
        for length in 4090...4096 { values.append(.string(String(repeating: "b", count: length))) }
        values.append(.string(String(repeating: "\u{1}", count: size)))  // six bytes of escape each
        values.append(.array((0..<5_000).map { .number(Double($0) / 8) }))
        var object = JSONObject()
        for index in 0..<600 { object["key \(599 - index)"] = ["nested": .string("value \(index)"), "n": .number(Double(index))] }
        values.append(.object(object))
        return values
    }

    /// withBytes, bytes(_:) and string(_:) of `value` against the reference writer.
    static func expectReferenceBytes(_ value: JSONValue, _ style: JSONWriter.Style, sourceLocation: SourceLocation = #_sourceLocation) {
        let writer = JSONWriter(style: style)
        let expected = ReferenceWriter(style: style).bytes(value)
        var lent: [UInt8] = []
        writer.withBytes(value) { lent = Array($0) }
        #expect(lent == expected, "\(style), \(expected.count) bytes", sourceLocation: sourceLocation)
        #expect(writer.bytes(value) == expected, "\(style), \(expected.count) bytes", sourceLocation: sourceLocation)
        #expect(Array(writer.string(value).utf8) == expected, "\(style), \(expected.count) bytes", sourceLocation: sourceLocation)
    }

    @Test("withBytes, bytes(_:) and string(_:) write what the reference writer does, below, at and beyond the 1 KiB stack buffer and its first 4 KiB heap buffer, in all three styles")
    func lentBytesEqualTheReference() {
        for value in Self.valuesAroundTheBuffer() {
            for style in Self.styles { Self.expectReferenceBytes(value, style) }
        }
    }

    @Test("generated documents: withBytes, bytes(_:) and string(_:) write what the reference writer does")
    func generatedDocuments() {
        var generator = SeededGenerator(seed: 29)
        let keys = FastPathEquivalenceTests.strings()
        var sizes: Set<Bool> = []
        for _ in 0..<300 {
            let value = FastPathEquivalenceTests.randomValue(depth: 0, keys: keys, using: &generator)
            for style in Self.styles {
                sizes.insert(ReferenceWriter(style: style).bytes(value).count > JSONWriter.lentBufferSize)
                Self.expectReferenceBytes(value, style)
            }
        }
        // Both sides of the buffer's size were exercised.
        #expect(sizes == [true, false])
    }
}
