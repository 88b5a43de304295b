/// A profile's `proof:` settings: which Data Integrity cryptosuite signs its credentials.
///
/// Only the name is checked here (Mapping knows no keys); whether the suite fits the signing
/// key is decided when the pipeline is built, where the key is known.
public struct ProofPlan: Sendable, Hashable {
    /// The cryptosuite name (`eddsa-rdfc-2022`, `JsonWebSignature2020`, ...).
    public var cryptosuite: String
    /// Where the name is written, for errors about it.
    public var location: SourceLocation

    /// Creates a plan.
    public init(cryptosuite: String, location: SourceLocation) {
        self.cryptosuite = cryptosuite
        self.location = location
    }
}
