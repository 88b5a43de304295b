import Foundation
import JSONCanonical

extension Builtin {
    /// Runs the function on evaluated arguments.
    func evaluate(_ arguments: BuiltinArguments, in context: EvaluationContext) throws(ExpressionFailure) -> MappingValue {
        if !seesMissing, arguments.containsAbsent {
            return .absent
        }
        switch self {
        case .uuid5:
            let namespace = try text(arguments[0])
            guard let uuid = UUID5.make(namespace: namespace, name: try text(arguments[1])) else {
                throw ExpressionFailure(message: "uuid5 namespace '\(namespace)' is not a UUID")
            }
            return .string(uuid)
        case .now:
            return .dateTime(DateTimeValue(context.now))
        case .date:
            return .date(try Self.calendarDate(arguments[0]))
        case .dateTime:
            let zone = arguments.count > 1 ? try Self.timeZone(try text(arguments[1])) : context.timeZone
            switch arguments[0] {
            case .dateTime(let value): return .dateTime(value.converted(to: zone))
            case .json(.string(let raw)) where DateTimeValue(parsing: raw) != nil:
                return .dateTime((DateTimeValue(parsing: raw) ?? DateTimeValue(epochSeconds: 0)).converted(to: zone))
            default:
                let date = try Self.calendarDate(arguments[0])
                // The profile's own zone remembers its midnights.
                guard arguments.count > 1 else { return .dateTime(context.midnights.startOf(date)) }
                return .dateTime(DateTimeValue(startOf: date, in: zone))
            }
        case .addDays, .addMonths, .addYears:
            return try shift(arguments[0], by: try integer(arguments[1]))
        case .formatDate:
            return .string(try DateFormatPattern.format(arguments[0], pattern: try text(arguments[1])))
        case .lower: return .string(try text(arguments[0]).lowercased())
        case .upper: return .string(try text(arguments[0]).uppercased())
        case .trim: return .string(try text(arguments[0]).trimmingWhitespace(includingNewlines: true))
        case .replace:
            return .string(try text(arguments[0]).replacingOccurrences(of: try text(arguments[1]), with: try text(arguments[2])))
        case .concat:
            return .string(try arguments.map { value throws(ExpressionFailure) in value.isMissing ? "" : try text(value) }.joined())
        case .join:
            guard case .json(.array(let elements)) = arguments[0] else {
                throw ExpressionFailure(message: "join needs an array, got \(arguments[0].kindName)")
            }
            let separator = arguments.count > 1 ? try text(arguments[1]) : ", "
            return .string(try elements.map { element throws(ExpressionFailure) in try text(.json(element)) }.joined(separator: separator))
        case .split:
            let separator = arguments.count > 1 ? try text(arguments[1]) : ","
            // One pass into the result: map, filter and map again built three arrays.
            let pieces = try text(arguments[0]).componentsSeparated(by: separator)
            var parts: [JSONValue] = []
            parts.reserveCapacity(pieces.count)
            for piece in pieces {
                let trimmed = piece.trimmingWhitespace(includingNewlines: false)
                if !trimmed.isEmpty { parts.append(.string(trimmed)) }
            }
            return .json(.array(parts))
        case .sha256:
            return .string(sha256Hex(try text(arguments[0])))
        case .identityHash:
            return .string("sha256$" + sha256Hex(try text(arguments[0]) + (try text(arguments[1]))))
        case .string:
            return .string(try text(arguments[0]))
        case .number:
            if case .json(.number) = arguments[0] { return arguments[0] }
            let raw = try text(arguments[0]).trimmingWhitespace(includingNewlines: false)
            guard let number = Double(raw), number.isFinite else {
                throw ExpressionFailure(message: "'\(raw)' is not a number")
            }
            return .json(.number(number))
        case .boolean:
            if case .json(.string(let raw)) = arguments[0] {
                switch raw.lowercased() {
                case "true", "yes", "1": return .json(.bool(true))
                case "false", "no", "0", "": return .json(.bool(false))
                default: throw ExpressionFailure(message: "'\(raw)' is not a boolean (true/false/yes/no/1/0)")
                }
            }
            return .json(.bool(arguments[0].isTruthy))
        case .exists:
            return .json(.bool(!arguments[0].isMissing))
        case .startsWith: return .json(.bool(try text(arguments[0]).hasPrefix(try text(arguments[1]))))
        case .endsWith: return .json(.bool(try text(arguments[0]).hasSuffix(try text(arguments[1]))))
        case .contains:
            if case .json(.array(let elements)) = arguments[0] {
                return .json(.bool(elements.contains { MappingValue.json($0) == arguments[1] }))
            }
            return .json(.bool(try text(arguments[0]).contains(try text(arguments[1]))))
        }
    }

    private func text(_ value: MappingValue) throws(ExpressionFailure) -> String {
        guard let text = value.templateText else {
            throw ExpressionFailure(message: "\(rawValue) needs text, got \(value.kindName)")
        }
        return text
    }

    private func integer(_ value: MappingValue) throws(ExpressionFailure) -> Int {
        guard case .json(.number(let number)) = value, number.rounded() == number, abs(number) < 1e6 else {
            throw ExpressionFailure(message: "\(rawValue) needs a whole number, got \(value.kindName)")
        }
        return Int(number)
    }

    private func shift(_ value: MappingValue, by amount: Int) throws(ExpressionFailure) -> MappingValue {
        func moved(_ date: CalendarDate) -> CalendarDate {
            switch self {
            case .addDays: date.adding(days: amount)
            case .addMonths: date.adding(months: amount)
            default: date.adding(months: amount * 12)
            }
        }
        if case .dateTime(let dateTime) = value {
            let (date, second) = dateTime.localParts
            let local = moved(date).daysSinceEpoch * 86_400 + second
            return .dateTime(DateTimeValue(epochSeconds: local - dateTime.offsetSeconds, offsetSeconds: dateTime.offsetSeconds))
        }
        return .date(moved(try Self.calendarDate(value)))
    }

    /// A calendar date from a date, a date-time (its local date) or `YYYY-MM-DD` text.
    static func calendarDate(_ value: MappingValue) throws(ExpressionFailure) -> CalendarDate {
        switch value {
        case .date(let date): return date
        case .dateTime(let dateTime): return dateTime.localParts.date
        case .json(.string(let raw)):
            guard let date = CalendarDate(parsing: raw) else {
                throw ExpressionFailure(message: "'\(raw)' is not a date (YYYY-MM-DD)")
            }
            return date
        default: throw ExpressionFailure(message: "expected a date, got \(value.kindName)")
        }
    }

    /// A time zone by IANA name or `UTC`.
    static func timeZone(_ name: String) throws(ExpressionFailure) -> TimeZone {
        guard let zone = TimeZone(identifier: name) else {
            throw ExpressionFailure(message: "unknown time zone '\(name)' (use an IANA name such as Europe/Amsterdam, or UTC)")
        }
        return zone
    }
}
