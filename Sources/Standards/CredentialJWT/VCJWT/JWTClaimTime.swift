import Credentials
import Foundation
import JSONCanonical

/// NumericDate claims (RFC 7519 §2: seconds since the epoch) and the credential dates they
/// come from, with messages that show both forms.
enum JWTClaimTime {
    /// Whole seconds since the epoch, as JWT claims carry them.
    static func numericDate(_ date: Date) -> JSONValue {
        .number(date.timeIntervalSince1970.rounded(.down))
    }

    /// A credential date member (`issuanceDate`, `validUntil`…) as a NumericDate; `nil` when absent.
    static func numericDate(member name: String, of credential: JSONObject) throws(CredentialJWTError) -> JSONValue? {
        guard let value = credential[name] else { return nil }
        guard let text = value.stringValue, let date = ProofDate.parse(text) else {
            throw .unsupportedCredential(reason: "its '\(name)' is not a date-time like 2026-01-01T00:00:00Z")
        }
        return numericDate(date)
    }

    /// A NumericDate claim as a date; `nil` when absent.
    static func date(claim name: String, in payload: JSONObject) throws(CredentialJWTError) -> Date? {
        guard let value = payload[name] else { return nil }
        guard let seconds = value.numberValue, seconds.isFinite else {
            throw .invalid(name, reason: "expected a NumericDate (seconds since 1970), found a \(value.kindName)")
        }
        return Date(timeIntervalSince1970: seconds)
    }

    /// A credential date member as a date; `nil` when absent.
    static func date(member name: String, in credential: JSONObject) throws(CredentialJWTError) -> Date? {
        guard let value = credential[name] else { return nil }
        guard let text = value.stringValue, let date = ProofDate.parse(text) else {
            throw .invalid(name, reason: "not a date-time like 2026-01-01T00:00:00Z")
        }
        return date
    }

    /// Checks a not-before and an expiry against `now`, allowing `leeway` for clock skew.
    static func check(notBefore: Date?, notBeforeField: String, expiry: Date?, expiryField: String, now: Date, leeway: Duration) throws(CredentialJWTError) {
        let slack = seconds(leeway)
        if let notBefore, notBefore.timeIntervalSince(now) > slack {
            throw .time(field: notBeforeField, value: ProofDate.format(notBefore), reason: "is in the future (now \(ProofDate.format(now)))")
        }
        if let expiry, now.timeIntervalSince(expiry) > slack {
            throw .time(field: expiryField, value: ProofDate.format(expiry), reason: "has passed (now \(ProofDate.format(now)))")
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
