import Credentials
import Testing

/// The base58btc encoder converts nine digits at a time; these tests aim at the limb boundaries.
@Suite("base58btc limb arithmetic")
struct Base58LimbTests {
    /// Big-endian bytes of a value below 2^64.
    static func bytes(of value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = value
        while rest > 0 {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        }
        return bytes
    }

    @Test("values around 58^9 and 58^10 get exactly their digits")
    func limbBoundaries() {
        let limb: UInt64 = 7_427_658_739_644_928  // 58^9
        #expect(Base58BTC.encode(Self.bytes(of: limb - 1)) == String(repeating: "z", count: 9))
        #expect(Base58BTC.encode(Self.bytes(of: limb)) == "2" + String(repeating: "1", count: 9))
        #expect(Base58BTC.encode(Self.bytes(of: limb + 57)) == "2" + String(repeating: "1", count: 8) + "z")
        #expect(Base58BTC.encode(Self.bytes(of: limb * 58 - 1)) == String(repeating: "z", count: 10))
        #expect(Base58BTC.encode(Self.bytes(of: 57)) == "z")
        #expect(Base58BTC.encode([0xFF] + [UInt8](repeating: 0, count: 1)) == "LQX")
    }

    @Test("a collection without contiguous storage encodes as its array does")
    func nonContiguousInput() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 5, 32, 64, 100] {
            let bytes = [0, 0] + (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // A lazy map has no contiguous storage: the encoder copies it once, then reads the copy.
            #expect(Base58BTC.encode(bytes.lazy.map { $0 }) == Base58BTC.encode(bytes), "length \(length)")
            #expect(Base58BTC.encode(bytes[1...]) == Base58BTC.encode(Array(bytes[1...])))
        }
    }

    @Test("zero bytes alone become ones")
    func onlyZeros() {
        #expect(Base58BTC.encode([0]) == "1")
        #expect(Base58BTC.encode([0, 0, 0]) == "111")
    }

    @Test("random inputs of every length up to 100 bytes round-trip through the decoder")
    func roundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0...100 {
            for leadingZeros in [0, 1, 3] where leadingZeros <= length {
                let bytes = [UInt8](repeating: 0, count: leadingZeros)
                    + (leadingZeros..<length).map { _ in UInt8.random(in: 1...255, using: &generator) }
                let encoded = Base58BTC.encode(bytes)
                #expect(try Base58BTC.decode(encoded) == bytes, "length \(length)")
                #expect(encoded.prefix { $0 == "1" }.count == leadingZeros)
            }
        }
    }
}
