/// `formatDate` patterns: `yyyy`, `MM`, `dd`, `HH`, `mm`, `ss`, `XXX` (offset or Z); other letters are kept as written.
enum DateFormatPattern {
    static let tokens = ["yyyy", "MM", "dd", "HH", "mm", "ss", "XXX"]

    static func format(_ value: MappingValue, pattern: String) throws(ExpressionFailure) -> String {
        let dateTime: DateTimeValue
        switch value {
        case .dateTime(let given): dateTime = given
        default: dateTime = DateTimeValue(epochSeconds: try Builtin.calendarDate(value).daysSinceEpoch * 86_400)
        }
        let (date, second) = dateTime.localParts
        var output = ""
        var rest = Substring(pattern)
        while !rest.isEmpty {
            if let token = tokens.first(where: { rest.hasPrefix($0) }) {
                switch token {
                case "yyyy": output += pad(date.year, 4)
                case "MM": output += pad(date.month, 2)
                case "dd": output += pad(date.day, 2)
                case "HH": output += pad(second / 3600, 2)
                case "mm": output += pad(second / 60 % 60, 2)
                case "ss": output += pad(second % 60, 2)
                default: output += dateTime.zoneSuffix
                }
                rest = rest.dropFirst(token.count)
            } else {
                output.append(rest.removeFirst())
            }
        }
        return output
    }
}
