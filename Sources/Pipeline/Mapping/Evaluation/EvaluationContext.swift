import Foundation
import JSONCanonical

/// What one evaluation sees besides the plan: the credential, the configured issuer, the clock's reading.
struct EvaluationContext {
    var source: JSONValue
    var issuer: String
    var now: Date
    var timeZone: TimeZone
    var holder: String?
    /// 0 at first issue; see docs/LIFECYCLE.md.
    var revision: Int = 0
}
