/// What a list's bits mean (Bitstring Status List v1.0 §2.1).
public enum StatusPurpose: String, Sendable, Hashable, CaseIterable {
    /// Set is revoked; final.
    case revocation
    /// Set is suspended; may be cleared again.
    case suspension
}
