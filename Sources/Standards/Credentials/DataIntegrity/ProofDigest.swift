import Crypto

/// The hash a cryptosuite applies to the canonical document and proof configuration.
public enum ProofDigest: String, Sendable, CaseIterable {
    /// SHA-256: eddsa-jcs-2022, and ecdsa-jcs-2019 with P-256.
    case sha256 = "SHA-256"
    /// SHA-384: ecdsa-jcs-2019 with P-384.
    case sha384 = "SHA-384"

    /// The digest the Data Integrity suites use for a key: SHA-384 for P-384, else SHA-256.
    public init(for keyType: KeyType) {
        self = keyType == .p384 ? .sha384 : .sha256
    }

    /// Hashes bytes.
    public func hash(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        appendHash(of: bytes, to: &output)
        return output
    }

    /// Appends the digest of `bytes` to `output`.
    ///
    /// Copies the digest's bytes in one go: `Array(digest)` walked the digest as a sequence,
    /// byte by byte, which cost two thirds of a base58 encoding per signature.
    func appendHash(of bytes: [UInt8], to output: inout [UInt8]) {
        switch self {
        case .sha256: SHA256.hash(data: bytes).withUnsafeBytes { output.append(contentsOf: $0) }
        case .sha384: SHA384.hash(data: bytes).withUnsafeBytes { output.append(contentsOf: $0) }
        }
    }

    /// Appends the digest of lent bytes (``JSONWriter/withBytes(_:_:)``) to `output`.
    func appendHash(of bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        switch self {
        case .sha256: Self.appendHash(of: UnsafeRawBufferPointer(bytes), using: SHA256.self, to: &output)
        case .sha384: Self.appendHash(of: UnsafeRawBufferPointer(bytes), using: SHA384.self, to: &output)
        }
    }

    private static func appendHash<Function: HashFunction>(
        of bytes: UnsafeRawBufferPointer, using _: Function.Type, to output: inout [UInt8]
    ) {
        // Made here, not passed in: a second reference to its context made the first update
        // copy it (copy on write), one more allocation per hash.
        var function = Function()
        function.update(bufferPointer: bytes)
        function.finalize().withUnsafeBytes { output.append(contentsOf: $0) }
    }

    /// Appends the digest of `first` followed by `second`, hashed without joining them.
    func appendHash(of first: [UInt8], _ second: [UInt8], to output: inout [UInt8]) {
        switch self {
        case .sha256: Self.appendHash(of: first, second, using: SHA256.self, to: &output)
        case .sha384: Self.appendHash(of: first, second, using: SHA384.self, to: &output)
        }
    }

    private static func appendHash<Function: HashFunction>(
        of first: [UInt8], _ second: [UInt8], using _: Function.Type, to output: inout [UInt8]
    ) {
        var function = Function()
        function.update(data: first)
        function.update(data: second)
        function.finalize().withUnsafeBytes { output.append(contentsOf: $0) }
    }

    /// The digest length in bytes.
    var byteCount: Int {
        switch self {
        case .sha256: SHA256.byteCount
        case .sha384: SHA384.byteCount
        }
    }
}
