/// Every fuzz target, by name: one per parser of untrusted input (docs/FUZZING.md).
public enum FuzzTargets {
    /// All targets, in the order `scripts/fuzz.sh all` runs them.
    public static let all: [FuzzTarget] = [
        json, profile, expression, jsonld, nquads, multibase, jwk, webhook, certifierCredential, keyProof, vcJWT,
        dcpRequest, oid4vciToken, oid4vciCredential,
    ]

    /// The target called `name`, if there is one.
    public static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }

    /// The names, for messages that list what exists.
    public static var names: [String] { all.map(\.name) }
}
