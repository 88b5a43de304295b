/// The static type of an expression, checked when a profile is compiled.
public enum ValueType: String, Sendable, Hashable, CaseIterable {
    /// Text.
    case string
    /// A JSON number.
    case number
    /// true or false.
    case boolean
    /// A calendar date (`YYYY-MM-DD`).
    case date
    /// A date-time with a zone.
    case dateTime = "date-time"
    /// A JSON object.
    case object
    /// A JSON array.
    case array
    /// JSON null.
    case null
    /// Not known until a credential is evaluated (a custom attribute, a lookup result).
    case any

    /// Whether a value of this type may be passed where `accepted` types are allowed.
    func fits(_ accepted: Set<ValueType>) -> Bool {
        self == .any || accepted.contains(.any) || accepted.contains(self)
    }

    /// The type named in a profile (`string`, `number`, `boolean`, `date`, `date-time`, `object`, `array`).
    static func named(_ name: String) -> ValueType? {
        name == "any" || name == "null" ? nil : ValueType(rawValue: name) ?? (name == "dateTime" ? .dateTime : nil)
    }
}
