/// The integers of a PKCS#1 `RSAPrivateKey` (RFC 8017 A.1.2), read from the DER that
/// swift-crypto writes, because `_RSA.Signing.PrivateKey` exposes no accessor for `d`, `p`,
/// `q`, `dp`, `dq`, `qi` and a private JWK needs them. Only this fixed structure is read: a
/// SEQUENCE of nine INTEGERs, version 0 (two primes).
struct RSAPrivateKeyDER {
    /// Unsigned big-endian magnitudes without leading zeros, as JWK members want them.
    var n, e, d, p, q, dp, dq, qi: [UInt8]

    /// Why the DER could not be read; the bytes never appear in it.
    struct Malformed: Error {
        var reason: String
    }

    init(_ der: [UInt8]) throws(Malformed) {
        var reader = Reader(bytes: der[...])
        var sequence = Reader(bytes: try reader.element(tag: 0x30))
        var integers: [[UInt8]] = []
        while !sequence.bytes.isEmpty { integers.append(Self.magnitude(try sequence.element(tag: 0x02))) }
        guard integers.count == 9, integers[0] == [] else {
            throw Malformed(reason: "expected a two-prime RSAPrivateKey (version 0, eight integers)")
        }
        (n, e, d, p, q, dp, dq, qi) = (integers[1], integers[2], integers[3], integers[4], integers[5], integers[6], integers[7], integers[8])
    }

    private static func magnitude(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        Array(bytes.drop { $0 == 0 })
    }

    private struct Reader {
        var bytes: ArraySlice<UInt8>

        /// The content of the next element, which must have `tag`.
        mutating func element(tag: UInt8) throws(Malformed) -> ArraySlice<UInt8> {
            guard let first = bytes.first, first == tag else { throw Malformed(reason: "unexpected DER tag") }
            bytes = bytes.dropFirst()
            guard let lengthByte = bytes.first else { throw Malformed(reason: "truncated DER length") }
            bytes = bytes.dropFirst()
            var length = Int(lengthByte)
            if lengthByte & 0x80 != 0 {
                let count = Int(lengthByte & 0x7f)
                guard (1...4).contains(count), bytes.count >= count else { throw Malformed(reason: "bad DER length") }
                length = bytes.prefix(count).reduce(0) { $0 << 8 | Int($1) }
                bytes = bytes.dropFirst(count)
            }
            guard bytes.count >= length else { throw Malformed(reason: "truncated DER element") }
            let content = bytes.prefix(length)
            bytes = bytes.dropFirst(length)
            return content
        }
    }
}
