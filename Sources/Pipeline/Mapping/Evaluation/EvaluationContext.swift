import Foundation
import JSONCanonical

/// What one evaluation sees besides the plan: the credential, the configured issuer, the clock's reading.
struct EvaluationContext {
    var source: JSONValue
    var issuer: String
    var now: Date
    /// The profile's zone, with the midnights of the dates widened in it so far.
    var midnights: LocalMidnights
    var holder: String?
    /// 0 at first issue; see docs/LIFECYCLE.md.
    var revision: Int = 0

    /// The zone Certifier dates are widened in.
    var timeZone: TimeZone { midnights.timeZone }
}
