extension StringProtocol {
    /// Whether the text holds the ASCII character `character`, found on the UTF-8 bytes.
    ///
    /// `String.contains(String)` goes through Foundation's `range(of:)` (UTF-16 bridging); that
    /// was a third of RDFC-1.0 canonicalisation, every term of every context asking for ":" or "/".
    /// A byte below 0x80 never occurs inside a multi-byte UTF-8 sequence, so this is exact.
    func containsASCII(_ character: Unicode.Scalar) -> Bool {
        utf8.contains(UInt8(ascii: character))
    }
}
