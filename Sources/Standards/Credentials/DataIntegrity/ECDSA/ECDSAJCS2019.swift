extension JCSCryptosuite {
    /// `ecdsa-jcs-2019` (W3C vc-di-ecdsa): ECDSA P-256 with SHA-256 or P-384 with SHA-384 over
    /// the JCS forms; signatures are r||s (IEEE P1363), not DER.
    public static let ecdsaJCS2019 = JCSCryptosuite(name: "ecdsa-jcs-2019", supportedKeyTypes: [.p256, .p384])
}
