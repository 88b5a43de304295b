import Foundation
import JSONCanonical

/// What one evaluation sees besides the plan: the credential, the configured issuer, the clock's reading.
struct EvaluationContext {
    var source: JSONValue
    var issuer: String
    var now: Date
    var timeZone: TimeZone
    var holder: String?
}
