/// Counts of one conversion run, printed at the end; per-record reasons are printed as they happen,
/// so memory stays constant however many records fail.
struct ConvertSummary {
    var converted = 0
    var noProfileMatched = 0
    var failed = 0
    /// Credentials whose profile no configured destination takes (`--deliver`): not signed.
    var refused = 0
    /// Profile name -> credentials converted with it.
    var byProfile: [String: Int] = [:]
    /// Failure kind (profile and rule, not the per-credential detail) -> count; bounded by the number of rules.
    var failuresByKind: [String: Int] = [:]

    var total: Int { converted + noProfileMatched + failed + refused }

    var allConverted: Bool { noProfileMatched == 0 && failed == 0 && refused == 0 }

    var line: String {
        "converted \(converted), no profile matched \(noProfileMatched), failed \(failed)"
            + (refused > 0 ? ", refused \(refused)" : "")
    }

    var report: String {
        var lines = ["\(total) credential(s): \(line)"]
        for (profile, count) in byProfile.sorted(by: { $0.key < $1.key }) {
            lines.append("  converted by \(profile): \(count)")
        }
        if noProfileMatched > 0 { lines.append("  no profile matched: \(noProfileMatched)") }
        if refused > 0 { lines.append("  refused, no destination takes the profile: \(refused)") }
        for (kind, count) in failuresByKind.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            lines.append("  failed, \(kind): \(count)")
        }
        return lines.joined(separator: "\n")
    }
}
