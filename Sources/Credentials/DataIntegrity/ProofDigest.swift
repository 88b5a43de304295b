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
        switch self {
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha384: Array(SHA384.hash(data: bytes))
        }
    }
}
