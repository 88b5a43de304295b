/// The RSA modulus sizes certbridge accepts: below 2048 bits is too weak (NIST SP 800-131A),
/// above 4096 costs much and buys little, and verifiers commonly cap there.
public enum RSAKeySize {
    /// The accepted modulus sizes in bits.
    public static let accepted: ClosedRange<Int> = 2048...4096
    /// The sizes `keys generate --type rsa --bits` offers.
    public static let generated: [Int] = [2048, 3072, 4096]

    /// Throws unless `bits` is in ``accepted``.
    static func check(_ bits: Int) throws(KeyError) {
        guard accepted.contains(bits) else { throw .unsupportedKeySize(bits: bits) }
    }
}
