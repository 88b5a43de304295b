import Foundation
import JSONCanonical
import StatusList
import TestSupport
import Testing

@Suite("Bitstring Status List: the bitstring and its GZIP/base64url encoding")
struct StatusBitstringTests {
    /// The spec's example `encodedList` (Bitstring Status List v1.0, 15 May 2025; ../shared/docs/LIFECYCLE.md).
    static let specExample = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"

    @Test("the spec's example decodes to 131,072 zero bits")
    func specExample() throws {
        let list = try StatusBitstring(encodedList: Self.specExample)
        #expect(list.entries == 131_072)
        #expect(list.bytes.count == 16_384)
        #expect(list.bytes.allSatisfy { $0 == 0 })
    }

    @Test("bit 0 is the most significant bit of byte 0; set and clear; a round trip keeps every bit")
    func bitsAndRoundTrip() async throws {
        var list = try StatusBitstring()
        try list.setStatus(1, at: 0)
        try list.setStatus(1, at: 9)
        try list.setStatus(1, at: 131_071)
        #expect(list.bytes[0] == 0x80 && list.bytes[1] == 0x40 && list.bytes[16_383] == 0x01)
        try list.setStatus(0, at: 9)
        #expect(list.bytes[1] == 0)
        let encoded = try list.encodedList()
        #expect(encoded.hasPrefix("u") && !encoded.contains("=") && !encoded.contains("+") && !encoded.contains("/"))
        let decoded = try StatusBitstring(encodedList: encoded)
        #expect(decoded == list)
        #expect(try decoded.status(at: 0) == 1 && decoded.status(at: 9) == 0 && decoded.status(at: 131_071) == 1)
    }

    @Test("a standard GZIP reader (Python's gzip module) finds exactly the bits we set")
    func standardReader() async throws {
        var list = try StatusBitstring()
        var generator = SeededGenerator(seed: 7)
        var set: Set<Int> = []
        while set.count < 500 { set.insert(Int.random(in: 0..<131_072, using: &generator)) }
        for index in set { try list.setStatus(1, at: index) }
        let decoded = try await StandardGzip.decode(try list.encodedList())
        #expect(decoded.bits == 131_072)
        #expect(decoded.set == set)
    }

    @Test("refused: short lists, GZIP bombs, other multibase prefixes, padding, not GZIP, indexes outside the list")
    func refusals() async throws {
        #expect(throws: StatusListError.length(entries: 1000, reason: "a list needs at least 131072")) {
            try StatusBitstring(entries: 1000)
        }
        // 1,000 bytes of zeros, gzipped by us: decodes, then fails the length rule.
        let short = try await Self.gzippedZeros(1000)
        #expect(throws: StatusListError.length(entries: 8000, reason: "a list needs at least 131072")) {
            try StatusBitstring(encodedList: short)
        }
        // 32 MiB of zeros compress to about 32 KiB; decoding stops at 16 MiB instead of inflating it all.
        let bomb = try await Self.gzippedZeros(32 << 20)
        #expect(bomb.utf8.count < 64 << 10)
        #expect {
            try StatusBitstring(encodedList: bomb)
        } throws: { error in
            guard case .length(_, let reason)? = error as? StatusListError else { return false }
            return reason.contains("inflates past")
        }
        #expect(throws: StatusListError.self) { try StatusBitstring(encodedList: "z" + Self.specExample.dropFirst()) }
        #expect(throws: StatusListError.self) { try StatusBitstring(encodedList: Self.specExample + "==") }
        #expect(throws: StatusListError.self) { try StatusBitstring(encodedList: "uAAAA") }
        let list = try StatusBitstring()
        #expect(throws: StatusListError.range(index: 131_072, entries: 131_072)) { try list.status(at: 131_072) }
        #expect(throws: StatusListError.range(index: -1, entries: 131_072)) { try list.status(at: -1) }
    }

    /// `u` + base64url of the GZIP of `count` zero bytes, made by Python's gzip module (not our code).
    static func gzippedZeros(_ count: Int) async throws -> String {
        let script = "import base64,gzip,sys; sys.stdout.write('u' + base64.urlsafe_b64encode(gzip.compress(bytes(int(sys.argv[1])))).decode().rstrip('='))"
        let run = try await BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", script, String(count)])
        guard run.status == 0 else { throw StatusListError.malformedEncodedList(run.stderr) }
        return run.stdout
    }
}
