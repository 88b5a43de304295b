extension JCSCryptosuite {
    /// `eddsa-jcs-2022` (W3C vc-di-eddsa): Ed25519 over SHA-256 hashes of the JCS forms.
    public static let eddsaJCS2022 = JCSCryptosuite(name: "eddsa-jcs-2022", supportedKeyTypes: [.ed25519])
}
