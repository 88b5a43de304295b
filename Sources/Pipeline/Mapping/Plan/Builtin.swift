/// The built-in functions of the profile language.
public enum Builtin: String, Sendable, CaseIterable {
    /// Ids and dates (see docs/PROFILES.md for each function).
    case uuid5, now, date, dateTime, addDays, addMonths, addYears, formatDate
    /// Text.
    case lower, upper, trim, replace, concat, join, split
    /// Hashes: hex SHA-256 and the Open Badges salted identity hash.
    case sha256, identityHash
    /// Conversions and presence.
    case string, number, boolean, exists
    /// Conditions on text and lists.
    case startsWith, endsWith, contains

    /// Argument types and result type, checked at compile time.
    struct Signature {
        var parameters: [Set<ValueType>]
        var required: Int
        var variadic = false
        var result: ([ValueType]) -> ValueType
    }

    /// Dates, date-times, and (checked at load) `YYYY-MM-DD` literals; a text field such as
    /// recipient.name is refused, while an untyped value (a custom attribute) is parsed per credential.
    static let dateLike: Set<ValueType> = [.date, .dateTime]
    static let text: Set<ValueType> = [.string]
    static let scalar: Set<ValueType> = [.string, .number, .boolean, .date, .dateTime, .null]

    var signature: Signature {
        switch self {
        case .uuid5: Signature(parameters: [Self.text, Self.scalar], required: 2) { _ in .string }
        case .now: Signature(parameters: [], required: 0) { _ in .dateTime }
        case .date: Signature(parameters: [Self.dateLike], required: 1) { _ in .date }
        case .dateTime: Signature(parameters: [Self.dateLike, Self.text], required: 1) { _ in .dateTime }
        case .addDays, .addMonths, .addYears:
            Signature(parameters: [Self.dateLike, [.number]], required: 2) { types in
                types.first == .string ? .date : types.first ?? .any
            }
        case .formatDate: Signature(parameters: [Self.dateLike, Self.text], required: 2) { _ in .string }
        case .lower, .upper, .trim: Signature(parameters: [Self.scalar], required: 1) { _ in .string }
        case .replace: Signature(parameters: [Self.scalar, Self.text, Self.text], required: 3) { _ in .string }
        case .concat: Signature(parameters: [Self.scalar], required: 1, variadic: true) { _ in .string }
        case .join: Signature(parameters: [[.array], Self.text], required: 1) { _ in .string }
        case .split: Signature(parameters: [Self.text, Self.text], required: 1) { _ in .array }
        case .sha256: Signature(parameters: [Self.scalar], required: 1) { _ in .string }
        case .identityHash: Signature(parameters: [Self.scalar, Self.scalar], required: 2) { _ in .string }
        case .string: Signature(parameters: [Self.scalar], required: 1) { _ in .string }
        case .number: Signature(parameters: [[.string, .number]], required: 1) { _ in .number }
        case .boolean: Signature(parameters: [[.any]], required: 1) { _ in .boolean }
        case .exists: Signature(parameters: [[.any]], required: 1) { _ in .boolean }
        case .startsWith, .endsWith: Signature(parameters: [Self.text, Self.text], required: 2) { _ in .boolean }
        case .contains: Signature(parameters: [[.string, .array], [.any]], required: 2) { _ in .boolean }
        }
    }

    /// Functions that see missing arguments themselves instead of turning missing into missing.
    var seesMissing: Bool {
        switch self {
        case .exists, .concat, .boolean: true
        default: false
        }
    }

    /// Special forms that the compiler turns into their own plan nodes, listed for "did you mean".
    static let specialForms = ["required", "if"]
}
