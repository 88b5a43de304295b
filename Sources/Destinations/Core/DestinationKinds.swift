import Mapping

/// The destination kinds certbridge knows: the one registry of them, built by the composition root.
///
/// Profiles name a kind through their `target`; `profiles lint` reports a target no kind takes,
/// at its file:line:col.
public struct DestinationKinds: Sendable {
    /// The kinds, in registration order.
    public private(set) var kinds: [DestinationKind]

    /// A registry of `kinds`.
    public init(_ kinds: [DestinationKind]) {
        self.kinds = kinds
    }

    /// The kind that takes profiles with `target`, if any (the first registered wins).
    public func kind(forTarget target: ProfileTarget) -> DestinationKind? {
        kinds.first { $0.targets.contains(target) }
    }

    /// The kind named `name` (as in the configuration).
    public func kind(named name: String) -> DestinationKind? {
        kinds.first { $0.name == name }
    }

    /// Every target some kind takes, sorted.
    public var knownTargets: [String] {
        Set(kinds.flatMap { $0.targets.map(\.rawValue) }).sorted()
    }

    /// The form of each known target, for the pipeline and the golden fixtures.
    public var forms: CredentialForms {
        var byTarget: [ProfileTarget: any CredentialForm] = [:]
        for kind in kinds.reversed() {
            for target in kind.targets { byTarget[target] = kind.form }
        }
        return CredentialForms(byTarget)
    }

    /// An error at the `target` of each profile whose target no kind takes.
    public func unknownTargets(in profiles: ProfileSet) -> [ProfileDiagnostic] {
        profiles.profiles.filter { kind(forTarget: $0.target) == nil }.map { profile in
            ProfileDiagnostic(
                .badValue, at: profile.targetLocation,
                "profile '\(profile.name)': target '\(profile.target)' names no destination kind; known: "
                    + knownTargets.joined(separator: ", "))
        }
    }
}
