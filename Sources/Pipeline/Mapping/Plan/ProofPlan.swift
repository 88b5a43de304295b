/// A profile's `proof:` settings: which Data Integrity cryptosuite signs its credentials, and in
/// which form.
///
/// Only the name is checked here (Mapping knows no keys); whether the suite fits the signing
/// key is decided when the pipeline is built, where the key is known.
public struct ProofPlan: Sendable, Hashable {
    /// The cryptosuite name (`eddsa-rdfc-2022`, `JsonWebSignature2020`, ...).
    public var cryptosuite: String
    /// Where the name is written, for errors about it.
    public var location: SourceLocation
    /// W3C Data Integrity (the default) or TSG's non-standard form of the JCS suites.
    public var compatibility: ProofCompatibility

    /// Creates a plan.
    public init(cryptosuite: String, location: SourceLocation, compatibility: ProofCompatibility = .w3c) {
        self.cryptosuite = cryptosuite
        self.location = location
        self.compatibility = compatibility
    }
}

/// Which verifiers a proof is made for (`proof.compatibility`, `--tsg-compatible`, `signing.compatibility`).
public enum ProofCompatibility: String, Sendable, Hashable, CaseIterable {
    /// W3C Data Integrity: what every conforming verifier accepts.
    case w3c
    /// **Non-standard.** The detached-JWS form of `eddsa-jcs-2022` / `ecdsa-jcs-2019` that TSG's
    /// own verifier accepts and W3C verifiers reject (docs/TSG-COMPATIBILITY.md).
    case tsg

    /// The warning `profiles lint` and the commands print when proofs are made in TSG form.
    public static let tsgWarning = "proofs in TSG form (compatibility: tsg) are not W3C Data Integrity proofs: W3C verifiers "
        + "reject them; only TSG's own verifier and `certbridge verify --tsg-compatible` accept them (docs/TSG-COMPATIBILITY.md)"
}

/// The cryptosuite names profiles may choose, from the registry the composition root builds
/// (Mapping knows no suite: the names are defined once, by each suite family).
public struct CryptosuiteNames: Sendable, Hashable {
    /// Every suite the registry signs with.
    public var all: Set<String>
    /// The suites that also have TSG's non-standard form (`compatibility: tsg`).
    public var tsgForm: Set<String>

    /// Creates the names.
    public init(all: Set<String>, tsgForm: Set<String>) {
        self.all = all
        self.tsgForm = tsgForm
    }
}
