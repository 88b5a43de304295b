import JSONCanonical

/// Evaluates compiled expressions against one credential.
struct ExpressionEvaluator {
    var context: EvaluationContext

    func evaluate(_ expression: PlanExpression) throws(ExpressionFailure) -> MappingValue {
        switch expression {
        case .constant(let value):
            return value
        case .issuer:
            return .string(context.issuer)
        case .holder:
            guard let holder = context.holder else { return .absent }
            return .string(holder)
        case .revision:
            return .json(.number(Double(context.revision)))
        case .source(let steps, let label, let coercion):
            let value = try follow(steps, from: context.source)
            return try coerce(value, to: coercion, label: label)
        case .member(let base, let steps, _):
            guard let start = try evaluate(base).takeJSONValue() else { return .absent }
            return try follow(steps, from: start)
        case .lookup(let table, let keyExpression):
            let key = try evaluate(keyExpression)
            guard let text = key.templateText, !key.isMissing else { return .absent }
            guard let entry = table.entries[text] else { return .absent }
            return .json(entry)
        case .call(let function, let arguments):
            var values = BuiltinArguments()
            // By index: `for argument in` copies each expression out of the array.
            for index in arguments.indices { values.append(try evaluate(arguments[index])) }
            return try function.evaluate(values, in: context)
        case .uuid5(let namespace, let nameExpression):
            let name = try evaluate(nameExpression)
            if case .absent = name { return .absent }
            guard let text = name.templateText else {
                throw ExpressionFailure(message: "\(Builtin.uuid5.rawValue) needs text, got \(name.kindName)")
            }
            return .string(namespace.uuid(for: text))
        case .conditional(let condition, let then, let otherwise):
            return try evaluate(condition).isTruthy ? try evaluate(then) : try evaluate(otherwise)
        case .required(let inner, let label):
            let value = try evaluate(inner)
            guard !value.isMissing else {
                throw ExpressionFailure(message: "required value is missing: \(label)", field: label)
            }
            return value
        case .binary(let op, let lhs, let rhs):
            return try binary(op, lhs, rhs)
        case .not(let inner):
            return .json(.bool(!(try evaluate(inner).isTruthy)))
        case .list(let elements):
            var values: [JSONValue] = []
            for element in elements {
                if let json = try evaluate(element).jsonValue { values.append(json) }
            }
            return .json(.array(values))
        case .template(let pieces):
            var output = ""
            // One allocation instead of one per growth step: the literal text plus a UUID's
            // length per hole covers the usual ids and URLs.
            var estimate = 0
            for index in pieces.indices {
                if case .text(let text) = pieces[index] { estimate += text.utf8.count } else { estimate += 36 }
            }
            if estimate > 15 { output.reserveCapacity(estimate) }
            for index in pieces.indices {
                switch pieces[index] {
                case .text(let text): output += text
                case .value(let inner, let label):
                    let value = try evaluate(inner)
                    if case .absent = value { return .absent }
                    guard let text = value.templateText else {
                        throw ExpressionFailure(message: "\(label) is \(value.kindName) and cannot be put into text", field: label)
                    }
                    output += text
                }
            }
            return .string(output)
        }
    }

    /// The value at `steps` from `start`. Steps are read by index: `for step in` copies each
    /// step out of the array, retaining its member name.
    private func follow(_ steps: [PlanStep], from start: JSONValue) throws(ExpressionFailure) -> MappingValue {
        var current = start
        for index in steps.indices {
            let next: JSONValue?
            switch steps[index] {
            case .key(let key): next = key.value(in: current)
            case .index(let position): next = current[position]
            case .dynamic(let expression):
                switch try evaluate(expression) {
                case .json(.number(let number)) where number.rounded() == number && abs(number) < 1e9:
                    next = current[Int(number)]
                case let value:
                    guard let key = value.templateText else { return .absent }
                    next = current[key]
                }
            }
            guard let next else { return .absent }
            current = next
        }
        return .json(current)
    }

    private func coerce(_ value: consuming MappingValue, to type: ValueType?, label: String) throws(ExpressionFailure) -> MappingValue {
        guard let type, !value.isMissing else { return value.isMissing ? .absent : value }
        switch (type, value) {
        case (.date, .json(.string(let raw))):
            guard let date = CalendarDate(parsing: raw) else {
                throw ExpressionFailure(message: "\(label) is '\(raw)', not a date (YYYY-MM-DD)", field: label)
            }
            return .date(date)
        case (.dateTime, .json(.string(let raw))):
            guard let dateTime = DateTimeValue(parsing: raw) else {
                throw ExpressionFailure(message: "\(label) is '\(raw)', not a date-time", field: label)
            }
            return .dateTime(dateTime)
        case (.string, .json(.string)), (.object, .json(.object)):
            return value
        default:
            throw ExpressionFailure(message: "\(label) should be \(type.rawValue) but is \(value.kindName)", field: label)
        }
    }

    private func binary(_ op: BinaryOperator, _ lhs: PlanExpression, _ rhs: PlanExpression) throws(ExpressionFailure) -> MappingValue {
        switch op {
        case .coalesce:
            let left = try evaluate(lhs)
            return left.isMissing ? try evaluate(rhs) : left
        case .and:
            guard try evaluate(lhs).isTruthy else { return .json(.bool(false)) }
            return .json(.bool(try evaluate(rhs).isTruthy))
        case .or:
            guard !(try evaluate(lhs).isTruthy) else { return .json(.bool(true)) }
            return .json(.bool(try evaluate(rhs).isTruthy))
        case .equal:
            return .json(.bool(Self.same(try evaluate(lhs), try evaluate(rhs))))
        case .notEqual:
            return .json(.bool(!Self.same(try evaluate(lhs), try evaluate(rhs))))
        case .in:
            let needle = try evaluate(lhs)
            guard case .json(.array(let haystack)) = try evaluate(rhs) else { return .json(.bool(false)) }
            return .json(.bool(haystack.contains { Self.same(needle, .json($0)) }))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let left = try evaluate(lhs)
            let right = try evaluate(rhs)
            guard let order = Self.order(left, right) else { return .json(.bool(false)) }
            let result: Bool =
                switch op {
                case .less: order < 0
                case .lessOrEqual: order <= 0
                case .greater: order > 0
                default: order >= 0
                }
            return .json(.bool(result))
        }
    }

    /// Equality where a date equals its `YYYY-MM-DD` text and missing equals `null`.
    static func same(_ lhs: MappingValue, _ rhs: MappingValue) -> Bool {
        if lhs.isMissing && rhs.isMissing { return true }
        return lhs.jsonValue == rhs.jsonValue
    }

    /// -1, 0, 1 for numbers, dates, date-times and strings; `nil` when they do not compare.
    static func order(_ lhs: MappingValue, _ rhs: MappingValue) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (lhs, rhs) {
        case (.json(.number(let a)), .json(.number(let b))): return sign(a, b)
        case (.dateTime(let a), .dateTime(let b)): return sign(a, b)
        case (.date, _), (_, .date):
            guard let a = try? Builtin.calendarDate(lhs), let b = try? Builtin.calendarDate(rhs) else { return nil }
            return sign(a, b)
        case (.json(.string(let a)), .json(.string(let b))): return sign(a, b)
        default: return nil
        }
    }
}
