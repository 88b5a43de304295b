/// Parser stage: recursive descent over expression tokens.
///
/// Grammar, loosest first:
/// `coalesce := or ("??" or)*`, `or := and ("or" and)*`, `and := not ("and" not)*`,
/// `not := "not" not | compare`, `compare := postfix (op postfix)?`,
/// `postfix := primary ("." name | "[" expr "]" | "(" args ")")*`.
public struct ExpressionParser {
    private var tokens: [ExpressionLexer.Located]
    private var position = 0

    /// Parses a complete expression.
    public static func parse(_ text: String) throws(ExpressionSyntaxError) -> ExpressionSyntax {
        var parser = ExpressionParser(tokens: try ExpressionLexer.tokens(text))
        let expression = try parser.coalesce()
        guard parser.current.token == .end else {
            throw ExpressionSyntaxError(message: "unexpected \(parser.describe(parser.current.token)) after the expression", offset: parser.current.offset)
        }
        return expression
    }

    private init(tokens: [ExpressionLexer.Located]) {
        self.tokens = tokens
    }

    private var current: ExpressionLexer.Located { tokens[min(position, tokens.count - 1)] }

    private mutating func advance() { position += 1 }

    private func isSymbol(_ symbol: String) -> Bool { current.token == .symbol(symbol) }

    private func isKeyword(_ word: String) -> Bool { current.token == .identifier(word) }

    private mutating func expect(_ symbol: String) throws(ExpressionSyntaxError) {
        guard isSymbol(symbol) else {
            throw ExpressionSyntaxError(message: "expected '\(symbol)' but found \(describe(current.token))", offset: current.offset)
        }
        advance()
    }

    private func describe(_ token: ExpressionLexer.Token) -> String {
        switch token {
        case .identifier(let name): "'\(name)'"
        case .string(let value): "string \"\(value)\""
        case .number(let value): "number \(value)"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "the end of the expression"
        }
    }

    private mutating func coalesce() throws(ExpressionSyntaxError) -> ExpressionSyntax {
        var left = try or()
        while isSymbol("??") {
            let offset = current.offset
            advance()
            left = .binary(.coalesce, left, try or(), offset: offset)
        }
        return left
    }

    private mutating func or() throws(ExpressionSyntaxError) -> ExpressionSyntax {
        var left = try and()
        while isKeyword("or") {
            let offset = current.offset
            advance()
            left = .binary(.or, left, try and(), offset: offset)
        }
        return left
    }

    private mutating func and() throws(ExpressionSyntaxError) -> ExpressionSyntax {
        var left = try not()
        while isKeyword("and") {
            let offset = current.offset
            advance()
            left = .binary(.and, left, try not(), offset: offset)
        }
        return left
    }

    private mutating func not() throws(ExpressionSyntaxError) -> ExpressionSyntax {
        if isKeyword("not") {
            let offset = current.offset
            advance()
            return .not(try not(), offset: offset)
        }
        return try compare()
    }

    private mutating func compare() throws(ExpressionSyntaxError) -> ExpressionSyntax {
        let left = try postfix()
        let operators: [BinaryOperator] = [.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater]
        for op in operators where isSymbol(op.rawValue) {
            let offset = current.offset
            advance()
            return .binary(op, left, try postfix(), offset: offset)
        }
        if isKeyword("in") {
            let offset = current.offset
            advance()
            return .binary(.in, left, try postfix(), offset: offset)
        }
        return left
    }

    private mutating func postfix() throws(ExpressionSyntaxError) -> ExpressionSyntax {
        var base = try primary()
        while true {
            if isSymbol(".") {
                advance()
                guard case .identifier(let name) = current.token else {
                    throw ExpressionSyntaxError(message: "expected a field name after '.' but found \(describe(current.token)); keys with dots or spaces need brackets: [\"custom.mentor\"]", offset: current.offset)
                }
                let offset = current.offset
                advance()
                base = .member(base, name, offset: offset)
            } else if isSymbol("[") {
                let offset = current.offset
                advance()
                let key = try coalesce()
                try expect("]")
                base = .index(base, key, offset: offset)
            } else if isSymbol("(") {
                guard case .name(let function, let offset) = base else {
                    throw ExpressionSyntaxError(message: "only a function name can be called", offset: current.offset)
                }
                advance()
                var arguments: [ExpressionSyntax] = []
                if !isSymbol(")") {
                    arguments.append(try coalesce())
                    while isSymbol(",") {
                        advance()
                        arguments.append(try coalesce())
                    }
                }
                try expect(")")
                base = .call(function, arguments, offset: offset)
            } else {
                return base
            }
        }
    }

    private mutating func primary() throws(ExpressionSyntaxError) -> ExpressionSyntax {
        let located = current
        switch located.token {
        case .identifier(let name):
            advance()
            switch name {
            case "true": return .literal(.bool(true), offset: located.offset)
            case "false": return .literal(.bool(false), offset: located.offset)
            case "null": return .literal(.null, offset: located.offset)
            case "and", "or", "not", "in":
                throw ExpressionSyntaxError(message: "'\(name)' needs a value before it", offset: located.offset)
            default: return .name(name, offset: located.offset)
            }
        case .string(let value):
            advance()
            return .literal(.string(value), offset: located.offset)
        case .number(let value):
            advance()
            return .literal(.number(value), offset: located.offset)
        case .symbol("("):
            advance()
            let inner = try coalesce()
            try expect(")")
            return inner
        case .symbol("["):
            advance()
            var elements: [ExpressionSyntax] = []
            if !isSymbol("]") {
                elements.append(try coalesce())
                while isSymbol(",") {
                    advance()
                    elements.append(try coalesce())
                }
            }
            try expect("]")
            return .list(elements, offset: located.offset)
        default:
            throw ExpressionSyntaxError(message: "expected a value but found \(describe(located.token))", offset: located.offset)
        }
    }
}
