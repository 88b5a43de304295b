/// A profile's `status:` settings: the W3C Bitstring Status List purposes its credentials carry
/// an entry for, and the name of the list family they go in.
///
/// Mapping only reads the settings; indexes are assigned from the outbox store and the
/// `credentialStatus` entries written by the pipeline (docs/LIFECYCLE.md).
public struct StatusPlan: Sendable, Hashable {
    /// The purposes named in the spec that the gateway publishes lists for.
    public static let knownPurposes = ["revocation", "suspension"]

    /// `revocation` and/or `suspension`, in the order written, without repeats.
    public var purposes: [String]
    /// The list name: lists are served at `<public base>/status/<list>-<purpose>-<n>`.
    public var list: String
    /// Where `status:` is written, for errors about it.
    public var location: SourceLocation

    /// Creates a plan.
    public init(purposes: [String], list: String, location: SourceLocation) {
        self.purposes = purposes
        self.list = list
        self.location = location
    }
}
