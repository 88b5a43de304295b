/// The multicodec codes for the key types certbridge reads and writes, and their varint framing.
public enum Multicodec: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// Ed25519 public key, 32 bytes (varint `ed 01`).
    case ed25519Public = 0xed
    /// X25519 public key; only recognised, so that errors can name it.
    case x25519Public = 0xec
    /// P-256 public key, compressed SEC1 point of 33 bytes (varint `80 24`).
    case p256Public = 0x1200
    /// P-384 public key, compressed SEC1 point of 49 bytes (varint `81 24`).
    case p384Public = 0x1201
    /// P-521 public key; only recognised, so that errors can name it.
    case p521Public = 0x1202
    /// RSA public key, PKCS#1 DER (varint `85 24`); written, never resolved (RSA keys are JWKs).
    case rsaPublic = 0x1205
    /// Ed25519 private key seed, 32 bytes (varint `80 26`), as in the W3C keyPair.json vectors.
    case ed25519Private = 0x1300
    /// P-256 private scalar, 32 bytes (varint `86 26`).
    case p256Private = 0x1306
    /// P-384 private scalar, 48 bytes (varint `87 26`).
    case p384Private = 0x1307

    /// The multicodec table name.
    public var description: String {
        switch self {
        case .ed25519Public: "ed25519-pub"
        case .x25519Public: "x25519-pub"
        case .p256Public: "p256-pub"
        case .p384Public: "p384-pub"
        case .p521Public: "p521-pub"
        case .rsaPublic: "rsa-pub"
        case .ed25519Private: "ed25519-priv"
        case .p256Private: "p256-priv"
        case .p384Private: "p384-priv"
        }
    }

    /// The unsigned-varint prefix of this code.
    public var prefix: [UInt8] { Self.varint(rawValue) }

    /// Prepends this code's varint to a payload.
    public func framing<Bytes: Collection>(_ payload: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        prefix + Array(payload)
    }

    /// Splits bytes into their leading code (recognised or not) and the payload after it.
    ///
    /// The varint must be minimal, as unsigned-varint requires: otherwise one key would have many
    /// Multikey spellings (and one did:key many DIDs), all decoding to the same code and bytes.
    public static func split(_ bytes: [UInt8]) throws(EncodingError) -> (code: UInt64, payload: ArraySlice<UInt8>) {
        var value: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            guard index < 9 else { throw .varintTooLong }
            value |= UInt64(byte & 0x7f) << (7 * UInt64(index))
            if byte & 0x80 == 0 {
                // A last group of zero bits after the first byte adds nothing: a padded varint.
                guard index == 0 || byte != 0 else { throw .nonMinimalVarint }
                return (value, bytes[(index + 1)...])
            }
        }
        throw .truncatedVarint
    }

    /// Unsigned LEB128, as multiformats' unsigned-varint defines it.
    static func varint(_ value: UInt64) -> [UInt8] {
        var remaining = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(remaining & 0x7f)
            remaining >>= 7
            if remaining != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while remaining != 0
        return bytes
    }
}
