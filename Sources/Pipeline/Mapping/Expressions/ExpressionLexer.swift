/// Splits expression text into tokens; offsets are in Unicode scalars to match YAML columns.
struct ExpressionLexer {
    enum Token: Hashable {
        case identifier(String)
        case string(String)
        case number(Double)
        case symbol(String)
        case end
    }

    struct Located: Hashable {
        var token: Token
        var offset: Int
    }

    private static let symbols = ["??", "==", "!=", "<=", ">=", "<", ">", ".", "[", "]", "(", ")", ","]

    static func tokens(_ text: String) throws(ExpressionSyntaxError) -> [Located] {
        let scalars = Array(text.unicodeScalars)
        var result: [Located] = []
        var position = 0
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar.properties.isWhitespace {
                position += 1
                continue
            }
            let start = position
            if scalar == "_" || scalar.properties.isAlphabetic {
                var name = ""
                while position < scalars.count,
                    scalars[position] == "_" || scalars[position].properties.isAlphabetic
                        || ("0"..."9").contains(scalars[position])
                {
                    name.unicodeScalars.append(scalars[position])
                    position += 1
                }
                result.append(Located(token: .identifier(name), offset: start))
            } else if ("0"..."9").contains(scalar) || (scalar == "-" && position + 1 < scalars.count && ("0"..."9").contains(scalars[position + 1])) {
                var literal = String(scalar)
                position += 1
                while position < scalars.count, ("0"..."9").contains(scalars[position]) || scalars[position] == "." {
                    literal.unicodeScalars.append(scalars[position])
                    position += 1
                }
                guard let number = Double(literal) else {
                    throw ExpressionSyntaxError(message: "malformed number '\(literal)'", offset: start)
                }
                result.append(Located(token: .number(number), offset: start))
            } else if scalar == "\"" || scalar == "'" {
                position += 1
                var value = ""
                var closed = false
                while position < scalars.count {
                    let current = scalars[position]
                    position += 1
                    if current == scalar {
                        closed = true
                        break
                    }
                    if current == "\\", position < scalars.count {
                        let escaped = scalars[position]
                        position += 1
                        switch escaped {
                        case "n": value += "\n"
                        case "t": value += "\t"
                        default: value.unicodeScalars.append(escaped)
                        }
                    } else {
                        value.unicodeScalars.append(current)
                    }
                }
                guard closed else { throw ExpressionSyntaxError(message: "unterminated string", offset: start) }
                result.append(Located(token: .string(value), offset: start))
            } else if let symbol = symbols.first(where: { matches($0, scalars, at: position) }) {
                position += symbol.unicodeScalars.count
                result.append(Located(token: .symbol(symbol), offset: start))
            } else {
                throw ExpressionSyntaxError(message: "unexpected character '\(scalar)'", offset: start)
            }
        }
        result.append(Located(token: .end, offset: scalars.count))
        return result
    }

    private static func matches(_ symbol: String, _ scalars: [Unicode.Scalar], at position: Int) -> Bool {
        let wanted = Array(symbol.unicodeScalars)
        guard position + wanted.count <= scalars.count else { return false }
        return Array(scalars[position..<position + wanted.count]) == wanted
    }
}
