import JSONCanonical

/// A value while a credential is evaluated: JSON, a date, a date-time, or absent (a missing field).
public enum MappingValue: Sendable, Hashable {
    /// A missing field; output members whose value is absent are left out.
    case absent
    /// Any JSON value.
    case json(JSONValue)
    /// A calendar date (no time, no zone).
    case date(CalendarDate)
    /// A date-time with an offset.
    case dateTime(DateTimeValue)

    /// A string value.
    static func string(_ text: String) -> MappingValue { .json(.string(text)) }

    /// Whether the value counts as missing: absent, `null`, or the empty string (Certifier sends `""` for blank fields).
    var isMissing: Bool {
        switch self {
        // `isEmpty` rather than a pattern on "": that pattern is a String comparison per value.
        case .absent, .json(.null): true
        case .json(.string(let text)): text.isEmpty
        default: false
        }
    }

    /// The value as it appears in the output document; dates become their ISO text.
    var jsonValue: JSONValue? { (copy self).takeJSONValue() }

    /// ``jsonValue`` of a value that is no longer needed: its JSON is moved out, not copied.
    consuming func takeJSONValue() -> JSONValue? {
        switch consume self {
        case .absent: nil
        case .json(let value): value
        case .date(let date): .string(date.description)
        case .dateTime(let dateTime): .string(dateTime.description)
        }
    }

    /// Truthiness for `when`, `and`, `or`, `not`: missing, `false` and `0` are false.
    var isTruthy: Bool {
        switch self {
        case .absent, .json(.null), .json(.bool(false)), .json(.number(0)): false
        case .json(.string(let text)): !text.isEmpty
        default: true
        }
    }

    /// The value as text inside a template, or `nil` for objects and arrays (they have no single text form).
    var templateText: String? {
        switch self {
        case .absent: nil
        case .date(let date): date.description
        case .dateTime(let dateTime): dateTime.description
        case .json(let value):
            switch value {
            case .string(let text): text
            case .number(let number): ECMAScriptNumber.format(number) ?? String(number)
            case .bool(let flag): flag ? "true" : "false"
            case .null: ""
            case .array, .object: nil
            }
        }
    }

    /// A short kind name for error messages.
    var kindName: String {
        switch self {
        case .absent: "missing"
        case .json(let value): value.kindName
        case .date: "date"
        case .dateTime: "date-time"
        }
    }
}
