import Crypto

extension Secret {
    /// Whether `given` equals the secret, in time that does not depend on where they differ or on
    /// the secret's length: both are hashed with SHA-256 first and the digests compared in full.
    /// For values a client sends (an operator's bearer token, a transaction code).
    public func matches(_ given: String) -> Bool {
        let expected = Array(SHA256.hash(data: Array(value.utf8)))
        let candidate = Array(SHA256.hash(data: Array(given.utf8)))
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ candidate[index] }
        return difference == 0
    }
}
