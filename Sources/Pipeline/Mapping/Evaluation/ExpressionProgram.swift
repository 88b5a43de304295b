import JSONCanonical

/// A compiled expression turned, once per profile, into nested closures: each node's parts are
/// captured by the closure that evaluates it, so evaluating a credential calls from closure to
/// closure. Walking the ``PlanExpression`` tree instead copied each node's payload out of it on
/// every credential (its arrays, labels and member names, each copy a retain and a release)
/// and dispatched on the node's kind each time.
///
/// It evaluates exactly what the tree says: the mapping suites and every profile's golden
/// fixtures run through it, and `PathProgramTests` hold each compiled form of a path to plain
/// subscripts.
struct ExpressionProgram: Sendable {
    typealias Body = @Sendable (EvaluationContext) throws(ExpressionFailure) -> MappingValue

    /// Evaluates the expression against one credential.
    let run: Body

    /// Compiles `expression`.
    init(_ expression: PlanExpression) {
        run = Self.body(of: expression)
    }

    private static func body(of expression: PlanExpression) -> Body {
        switch expression {
        case .constant(let value):
            return { _ in value }
        case .issuer:
            return { context in .string(context.issuer) }
        case .holder:
            return { context in context.holder.map(MappingValue.string) ?? .absent }
        case .revision:
            return { context in .json(.number(Double(context.revision))) }
        case .source(let steps, let label, let coercion):
            let path = PathProgram.body(of: steps)
            guard let coercion else {
                // What the coercion does without a type: a missing value (null, "") reads as absent.
                return { context throws(ExpressionFailure) in
                    let value = try path(context.source, context)
                    return value.isMissing ? .absent : value
                }
            }
            return { context throws(ExpressionFailure) in
                try coerce(try path(context.source, context), to: coercion, label: label)
            }
        case .member(let base, let steps, _):
            let base = ExpressionProgram(base)
            let path = PathProgram.body(of: steps)
            return { context throws(ExpressionFailure) in
                guard let start = try base.run(context).takeJSONValue() else { return .absent }
                return try path(start, context)
            }
        case .lookup(let table, let key):
            let key = ExpressionProgram(key)
            let entries = table.entries
            return { context throws(ExpressionFailure) in
                let value = try key.run(context)
                guard !value.isMissing, let text = value.templateText, let entry = entries[text] else { return .absent }
                return .json(entry)
            }
        case .call(let function, let arguments):
            return call(function, arguments.map(ExpressionProgram.init))
        case .uuid5(let namespace, let name):
            let name = ExpressionProgram(name)
            return { context throws(ExpressionFailure) in
                let value = try name.run(context)
                if case .absent = value { return .absent }
                guard let text = value.templateText else {
                    throw ExpressionFailure(message: "\(Builtin.uuid5.rawValue) needs text, got \(value.kindName)")
                }
                return .string(namespace.uuid(for: text))
            }
        case .conditional(let condition, let then, let otherwise):
            let condition = ExpressionProgram(condition)
            let then = ExpressionProgram(then)
            let otherwise = ExpressionProgram(otherwise)
            return { context throws(ExpressionFailure) in
                try condition.run(context).isTruthy ? try then.run(context) : try otherwise.run(context)
            }
        case .required(let inner, let label):
            let inner = ExpressionProgram(inner)
            return { context throws(ExpressionFailure) in
                let value = try inner.run(context)
                guard !value.isMissing else {
                    throw ExpressionFailure(message: "required value is missing: \(label)", field: label)
                }
                return value
            }
        case .binary(let op, let lhs, let rhs):
            return binary(op, ExpressionProgram(lhs), ExpressionProgram(rhs))
        case .not(let inner):
            let inner = ExpressionProgram(inner)
            return { context throws(ExpressionFailure) in .json(.bool(!(try inner.run(context).isTruthy))) }
        case .list(let elements):
            let elements = elements.map(ExpressionProgram.init)
            return { context throws(ExpressionFailure) in
                var values: [JSONValue] = []
                values.reserveCapacity(elements.count)
                for index in elements.indices {
                    if let json = try elements[index].run(context).takeJSONValue() { values.append(json) }
                }
                return .json(.array(values))
            }
        case .template(let pieces):
            return TemplateProgram(pieces).body
        }
    }

    /// A built-in call; the arguments are evaluated in order, then the function runs. Calls of
    /// one and two arguments (nearly all) capture them one by one: reading a closure out of an
    /// array copies it, a retain and a release per argument per credential.
    private static func call(_ function: Builtin, _ arguments: [ExpressionProgram]) -> Body {
        switch arguments.count {
        case 1:
            let first = arguments[0]
            return { context throws(ExpressionFailure) in
                var values = BuiltinArguments()
                values.append(try first.run(context))
                return try function.evaluate(values, in: context)
            }
        case 2:
            let first = arguments[0]
            let second = arguments[1]
            return { context throws(ExpressionFailure) in
                var values = BuiltinArguments()
                values.append(try first.run(context))
                values.append(try second.run(context))
                return try function.evaluate(values, in: context)
            }
        default:
            return { context throws(ExpressionFailure) in
                var values = BuiltinArguments()
                for index in arguments.indices { values.append(try arguments[index].run(context)) }
                return try function.evaluate(values, in: context)
            }
        }
    }

    private static func binary(_ op: BinaryOperator, _ lhs: ExpressionProgram, _ rhs: ExpressionProgram) -> Body {
        switch op {
        case .coalesce:
            return { context throws(ExpressionFailure) in
                let left = try lhs.run(context)
                return left.isMissing ? try rhs.run(context) : left
            }
        case .and:
            return { context throws(ExpressionFailure) in
                guard try lhs.run(context).isTruthy else { return .json(.bool(false)) }
                return .json(.bool(try rhs.run(context).isTruthy))
            }
        case .or:
            return { context throws(ExpressionFailure) in
                guard !(try lhs.run(context).isTruthy) else { return .json(.bool(true)) }
                return .json(.bool(try rhs.run(context).isTruthy))
            }
        case .equal:
            return { context throws(ExpressionFailure) in .json(.bool(same(try lhs.run(context), try rhs.run(context)))) }
        case .notEqual:
            return { context throws(ExpressionFailure) in .json(.bool(!same(try lhs.run(context), try rhs.run(context)))) }
        case .in:
            return { context throws(ExpressionFailure) in
                let needle = try lhs.run(context)
                guard case .json(.array(let haystack)) = try rhs.run(context) else { return .json(.bool(false)) }
                return .json(.bool(haystack.contains { same(needle, .json($0)) }))
            }
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let holds: @Sendable (Int) -> Bool =
                switch op {
                case .less: { $0 < 0 }
                case .lessOrEqual: { $0 <= 0 }
                case .greater: { $0 > 0 }
                default: { $0 >= 0 }
                }
            return { context throws(ExpressionFailure) in
                let left = try lhs.run(context)
                let right = try rhs.run(context)
                guard let order = order(left, right) else { return .json(.bool(false)) }
                return .json(.bool(holds(order)))
            }
        }
    }

    private static func coerce(_ value: consuming MappingValue, to type: ValueType, label: String) throws(ExpressionFailure) -> MappingValue {
        guard !value.isMissing else { return .absent }
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

/// A compiled path into a value: member names and indexes fixed by the profile, keys computed
/// per credential. Paths of one or two names (`issueDate`, `recipient.email`, the usual ones)
/// capture their names directly, so following them looks at no step kinds and copies no name.
private enum PathProgram {
    typealias Body = @Sendable (JSONValue, EvaluationContext) throws(ExpressionFailure) -> MappingValue

    private enum Step: Sendable {
        case key(MemberKey)
        case index(Int)
        case dynamic(ExpressionProgram)
    }

    static func body(of steps: [PlanStep]) -> Body {
        var keys: [MemberKey] = []
        for step in steps {
            guard case .key(let key) = step else { return general(steps) }
            keys.append(key)
        }
        switch keys.count {
        case 0:
            return { start, _ in .json(start) }
        case 1:
            let key = keys[0]
            return { start, _ in key.value(in: start).map(MappingValue.json) ?? .absent }
        case 2:
            let first = keys[0]
            let second = keys[1]
            return { start, _ in
                guard let parent = first.value(in: start), let value = second.value(in: parent) else { return .absent }
                return .json(value)
            }
        default:
            return general(steps)
        }
    }

    /// Any path: each step by its kind.
    private static func general(_ planSteps: [PlanStep]) -> Body {
        let steps: [Step] = planSteps.map { step in
            switch step {
            case .key(let key): .key(key)
            case .index(let position): .index(position)
            case .dynamic(let expression): .dynamic(ExpressionProgram(expression))
            }
        }
        return { start, context throws(ExpressionFailure) in
            var current = start
            for index in steps.indices {
                let next: JSONValue?
                switch steps[index] {
                case .key(let key): next = key.value(in: current)
                case .index(let position): next = current[position]
                case .dynamic(let expression):
                    switch try expression.run(context) {
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
    }
}

/// A compiled template: literal text between holes, every hole's value put in as text; absent
/// when any hole is absent.
private final class TemplateProgram: Sendable {
    /// The text before each hole, and after the last one (`holes.count + 1` entries).
    private let texts: [String]
    private let holes: [ExpressionProgram]
    private let labels: [String]
    /// The literal text plus a UUID's length per hole: one allocation covers the usual ids and URLs.
    private let estimate: Int

    init(_ pieces: [TemplatePiece]) {
        var texts = [""]
        var holes: [ExpressionProgram] = []
        var labels: [String] = []
        for piece in pieces {
            switch piece {
            case .text(let text): texts[texts.count - 1] += text
            case .value(let expression, let label):
                holes.append(ExpressionProgram(expression))
                labels.append(label)
                texts.append("")
            }
        }
        self.texts = texts
        self.holes = holes
        self.labels = labels
        estimate = texts.reduce(0) { $0 + $1.utf8.count } + 36 * holes.count
    }

    var body: ExpressionProgram.Body {
        let template = self
        return { context throws(ExpressionFailure) in try template.render(context) }
    }

    private func render(_ context: EvaluationContext) throws(ExpressionFailure) -> MappingValue {
        var output = ""
        if estimate > 15 { output.reserveCapacity(estimate) }
        for index in holes.indices {
            if !texts[index].isEmpty { output += texts[index] }
            let value = try holes[index].run(context)
            if case .absent = value { return .absent }
            guard let text = value.templateText else {
                throw ExpressionFailure(message: "\(labels[index]) is \(value.kindName) and cannot be put into text", field: labels[index])
            }
            output += text
        }
        if let last = texts.last, !last.isEmpty { output += last }
        return .string(output)
    }
}
