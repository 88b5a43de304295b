/// Finds pairs of profiles that could both match one credential at the same rank.
///
/// Two `when` conditions cannot be compared statically, so they count as overlapping: the
/// operator settles the tie with `priority`.
enum MatchOverlapCheck {
    static func diagnostics(for profiles: [CompiledProfile]) -> [ProfileDiagnostic] {
        var diagnostics: [ProfileDiagnostic] = []
        for (index, first) in profiles.enumerated() {
            for second in profiles[(index + 1)...] {
                guard first.priority == second.priority, first.match.specificity == second.match.specificity,
                    overlaps(first.match.groupIds, second.match.groupIds), overlaps(first.match.statuses, second.match.statuses)
                else { continue }
                let (earlier, later) = first.match.location < second.match.location ? (first, second) : (second, first)
                diagnostics.append(ProfileDiagnostic(
                    .duplicateProfileMatch, at: later.match.location,
                    "profiles '\(later.name)' and '\(earlier.name)' (\(earlier.match.location)) can match the same credential with equal priority \(later.priority) and specificity \(later.match.specificity); give one a higher priority or narrow its match"
                ))
            }
        }
        return diagnostics
    }

    private static func overlaps(_ lhs: Set<String>?, _ rhs: Set<String>?) -> Bool {
        guard let lhs, let rhs else { return true }
        return !lhs.isDisjoint(with: rhs)
    }
}
