import JSONCanonical

/// Translator stage for expressions: resolves names, checks paths, functions and types.
///
/// Problems are recorded in the scope and compilation goes on, so one load reports them all.
/// A `nil` result means the expression had an error (already reported).
struct ExpressionCompiler {
    /// The scalar the expression was written in, to turn character offsets into file positions.
    var node: SyntaxNode
    /// Where the expression text starts inside the scalar.
    var baseOffset: Int

    func location(_ offset: Int) -> SourceLocation { node.location(ofOffset: baseOffset + offset) }

    /// A compiled expression with its static type and how its source path was written.
    struct Compiled {
        var plan: PlanExpression
        var type: ValueType
        var label: String
        /// For source paths: the steps so far and the schema position, so further steps can be checked.
        var sourcePath: [PlanStep]?
        var schemaRoot: String?
    }

    func compile(_ syntax: ExpressionSyntax, _ scope: inout CompileScope) -> Compiled? {
        guard let compiled = compilePath(syntax, &scope) else { return nil }
        if let table = lookupTable(compiled) {
            scope.error(.badPath, location(syntax.startOffset), "lookup table '\(table.name)' needs a key: \(table.name)[...]")
            return nil
        }
        return compiled
    }

    /// Like `compile`, but a bare lookup table name is allowed (it is about to be indexed).
    private func compilePath(_ syntax: ExpressionSyntax, _ scope: inout CompileScope) -> Compiled? {
        switch syntax {
        case .literal(let literal, _):
            let json: JSONValue =
                switch literal {
                case .string(let text): .string(text)
                case .number(let number): .number(number)
                case .bool(let flag): .bool(flag)
                case .null: .null
                }
            return Compiled(plan: .constant(.json(json)), type: json.valueType, label: json.compactString)
        case .name(let name, let offset):
            return compileName(name, offset: offset, &scope)
        case .member(let base, let name, let offset):
            guard let compiledBase = compilePath(base, &scope) else { return nil }
            return step(compiledBase, key: .key(MemberKey(name)), keyText: ".\(name)", literalKey: name, offset: offset, &scope)
        case .index(let base, let keySyntax, let offset):
            guard let compiledBase = compilePath(base, &scope) else { return nil }
            switch keySyntax {
            case .literal(.string(let key), _):
                return step(compiledBase, key: .key(MemberKey(key)), keyText: "[\"\(key)\"]", literalKey: key, offset: offset, &scope)
            case .literal(.number(let number), _) where number >= 0 && number.rounded() == number:
                return step(compiledBase, key: .index(Int(number)), keyText: "[\(Int(number))]", literalKey: nil, offset: offset, &scope)
            default:
                guard let key = compile(keySyntax, &scope) else { return nil }
                if case .some(let table) = lookupTable(compiledBase) {
                    return Compiled(plan: .lookup(table, key: key.plan), type: .any, label: "\(compiledBase.label)[\(key.label)]")
                }
                return step(compiledBase, key: .dynamic(key.plan), keyText: "[\(key.label)]", literalKey: nil, offset: offset, &scope)
            }
        case .call(let name, let arguments, let offset):
            return compileCall(name, arguments, offset: offset, &scope)
        case .list(let elements, _):
            var plans: [PlanExpression] = []
            var failed = false
            for element in elements {
                if let compiled = compile(element, &scope) { plans.append(compiled.plan) } else { failed = true }
            }
            return failed ? nil : Compiled(plan: .list(plans), type: .array, label: "[...]")
        case .not(let inner, _):
            guard let compiled = compile(inner, &scope) else { return nil }
            return Compiled(plan: .not(compiled.plan), type: .boolean, label: "not \(compiled.label)")
        case .binary(let op, let lhs, let rhs, let offset):
            let left = compile(lhs, &scope)
            let right = compile(rhs, &scope)
            guard let left, let right else { return nil }
            let type: ValueType
            switch op {
            case .coalesce:
                type = left.type == right.type ? left.type : (left.type == .null ? right.type : .any)
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                let comparable: Set<ValueType> = [.number, .string, .date, .dateTime]
                for side in [left, right] where !side.type.fits(comparable) {
                    scope.error(.typeError, location(offset), "'\(op.rawValue)' compares numbers, text or dates, but \(side.label) is \(side.type.rawValue)")
                }
                type = .boolean
            case .in:
                if !right.type.fits([.array]) {
                    scope.error(.typeError, location(offset), "'in' needs a list on its right, but \(right.label) is \(right.type.rawValue)")
                }
                type = .boolean
            default:
                type = .boolean
            }
            return Compiled(plan: .binary(op, left.plan, right.plan), type: type, label: "\(left.label) \(op.rawValue) \(right.label)")
        }
    }

    private func lookupTable(_ compiled: Compiled) -> LookupTable? {
        if case .lookup(let table, key: .constant(.absent)) = compiled.plan { return table }
        return nil
    }

    private func compileName(_ name: String, offset: Int, _ scope: inout CompileScope) -> Compiled? {
        if let root = SourceSchema.roots[name] {
            return Compiled(plan: .source([.key(MemberKey(name))], label: name, coercion: root.coercion), type: root.type, label: name, sourcePath: [.key(MemberKey(name))], schemaRoot: name)
        }
        switch name {
        case SourceSchema.wholeCredential:
            return Compiled(plan: .source([], label: name, coercion: nil), type: .any, label: name, sourcePath: [], schemaRoot: nil)
        case "issuer":
            return Compiled(plan: .issuer, type: .string, label: name)
        case "holder":
            return Compiled(plan: .holder, type: .string, label: name)
        case "revision":
            return Compiled(plan: .revision, type: .number, label: name)
        case "profile":
            return Compiled(plan: .constant(.string(scope.profileName)), type: .string, label: name)
        case "namespace":
            guard let namespace = scope.namespace else {
                if !scope.namespaceMissingReported {
                    scope.error(.missingKey, location(offset), "'namespace' is used but the profile has no 'namespace:' (a UUID that keeps this profile's credential ids apart)")
                    scope.namespaceMissingReported = true
                }
                return nil
            }
            return Compiled(plan: .constant(.string(namespace)), type: .string, label: name)
        default:
            break
        }
        if let constant = scope.constants[name] {
            return Compiled(plan: .constant(.json(constant)), type: constant.valueType, label: name)
        }
        if let table = scope.lookups[name] {
            // A bare table name is only meaningful when indexed; the placeholder key marks that.
            return Compiled(plan: .lookup(table, key: .constant(.absent)), type: .object, label: name)
        }
        if Builtin(rawValue: name) != nil || Builtin.specialForms.contains(name) {
            scope.error(.badPath, location(offset), "'\(name)' is a function: call it as \(name)(...)")
            return nil
        }
        let known = (Array(SourceSchema.roots.keys) + [SourceSchema.wholeCredential, "issuer", "holder", "revision", "profile", "namespace"]
            + Array(scope.constants.keys) + Array(scope.lookups.keys)).sorted()
        scope.error(.badPath, location(offset), "unknown name '\(name)'; known: \(known.joined(separator: ", "))")
        return nil
    }

    private func step(_ base: Compiled, key: PlanStep, keyText: String, literalKey: String?, offset: Int, _ scope: inout CompileScope) -> Compiled? {
        let label = base.label + keyText
        if let table = lookupTable(base) {
            guard let literalKey else {
                return Compiled(plan: .lookup(table, key: .constant(.absent)), type: .any, label: label)
            }
            return Compiled(plan: .lookup(table, key: .constant(.string(literalKey))), type: .any, label: label)
        }
        if let path = base.sourcePath {
            if let root = base.schemaRoot, path.count == 1 {
                guard checkSchemaStep(root: root, key: key, keyText: keyText, literalKey: literalKey, offset: offset, &scope) else { return nil }
            } else if base.type != .any && base.type != .object && base.type != .array {
                scope.error(.badPath, location(offset), "\(base.label) is \(base.type.rawValue) and has no '\(keyText)'")
                return nil
            }
            let steps = path + [key]
            let type: ValueType = base.schemaRoot == "recipient" ? .string : .any
            let coercion: ValueType? = type == .string ? .string : nil
            return Compiled(plan: .source(steps, label: label, coercion: coercion), type: type, label: label, sourcePath: steps, schemaRoot: nil)
        }
        guard base.type.fits([.object, .array]) else {
            scope.error(.badPath, location(offset), "\(base.label) is \(base.type.rawValue) and has no '\(keyText)'")
            return nil
        }
        if case .member(let inner, let steps, _) = base.plan {
            return Compiled(plan: .member(inner, steps + [key], label: label), type: .any, label: label)
        }
        return Compiled(plan: .member(base.plan, [key], label: label), type: .any, label: label)
    }

    /// Checks the first step below a known root of the Certifier credential.
    private func checkSchemaStep(root: String, key: PlanStep, keyText: String, literalKey: String?, offset: Int, _ scope: inout CompileScope) -> Bool {
        switch root {
        case "recipient":
            guard let literalKey, SourceSchema.recipientFields.contains(literalKey) else {
                scope.error(.badPath, location(offset), "recipient has no field '\(keyText)'; it has \(SourceSchema.recipientFields.sorted().joined(separator: ", "))")
                return false
            }
            return true
        case "attributes", "customAttributes":
            if case .key(let member) = key, case let name = member.text, keyText.hasPrefix(".") {
                let example = root == "customAttributes" ? "custom.\(name)" : "recipient.\(name)"
                scope.error(.badPath, location(offset), "keys of \(root) contain dots: write \(root)[\"\(example)\"], not \(root).\(name)")
                return false
            }
            if root == "customAttributes", let literalKey, !literalKey.hasPrefix("custom.") {
                scope.error(.badPath, location(offset), "customAttributes keys start with 'custom.' (Certifier names them custom.<tag>): \"\(literalKey)\" can never be present")
                return false
            }
            if case .index = key {
                scope.error(.badPath, location(offset), "\(root) is an object: index it with a key such as [\"\(root == "customAttributes" ? "custom.mentor" : "recipient.name")\"]")
                return false
            }
            return true
        default:
            let type = SourceSchema.roots[root]?.type.rawValue ?? "a value"
            scope.error(.badPath, location(offset), "\(root) is \(type) and has no '\(keyText)'")
            return false
        }
    }

    private func compileCall(_ name: String, _ arguments: [ExpressionSyntax], offset: Int, _ scope: inout CompileScope) -> Compiled? {
        var compiled: [Compiled?] = []
        for argument in arguments { compiled.append(compile(argument, &scope)) }
        switch name {
        case "required":
            guard arguments.count == 1 else {
                scope.error(.unknownFunction, location(offset), "required takes 1 argument, got \(arguments.count)")
                return nil
            }
            guard let inner = compiled[0] else { return nil }
            return Compiled(plan: .required(inner.plan, label: inner.label), type: inner.type, label: inner.label)
        case "if":
            guard arguments.count == 2 || arguments.count == 3 else {
                scope.error(.unknownFunction, location(offset), "if takes 2 or 3 arguments (condition, then, else), got \(arguments.count)")
                return nil
            }
            let values = compiled.compactMap { $0 }
            guard values.count == arguments.count else { return nil }
            let otherwise = values.count == 3 ? values[2].plan : .constant(.absent)
            let type = values.count == 3 && values[1].type == values[2].type ? values[1].type : .any
            return Compiled(plan: .conditional(values[0].plan, values[1].plan, otherwise), type: type, label: "if(\(values.map(\.label).joined(separator: ", ")))")
        default:
            break
        }
        guard let function = Builtin(rawValue: name) else {
            let names = (Builtin.allCases.map(\.rawValue) + Builtin.specialForms).sorted()
            let suggestion = names.first { $0.lowercased() == name.lowercased() }.map { " (did you mean \($0)?)" } ?? ""
            scope.error(.unknownFunction, location(offset), "unknown function '\(name)'\(suggestion); functions: \(names.joined(separator: ", "))")
            return nil
        }
        let signature = function.signature
        let maximum = signature.variadic ? Int.max : signature.parameters.count
        guard arguments.count >= signature.required, arguments.count <= maximum else {
            let expected = signature.variadic ? "at least \(signature.required)" : (signature.required == maximum ? "\(maximum)" : "\(signature.required) to \(maximum)")
            scope.error(.unknownFunction, location(offset), "\(name) takes \(expected) argument(s), got \(arguments.count)")
            return nil
        }
        var plans: [PlanExpression] = []
        var types: [ValueType] = []
        var failed = false
        for (index, argument) in compiled.enumerated() {
            guard let argument else {
                failed = true
                continue
            }
            let accepted = signature.parameters[min(index, signature.parameters.count - 1)]
            let isTextLiteral: Bool = if case .constant(.json(.string)) = argument.plan { true } else { false }
            let dateLiteral = accepted.contains(.date) && isTextLiteral
            if !argument.type.fits(accepted) && !dateLiteral {
                let names = accepted.map(\.rawValue).sorted().joined(separator: " or ")
                scope.error(.typeError, location(arguments[index].startOffset), "argument \(index + 1) of \(name) must be \(names), but \(argument.label) is \(argument.type.rawValue)")
                failed = true
            }
            checkLiteral(function, index: index, argument: argument, offset: arguments[index].startOffset, &scope)
            plans.append(argument.plan)
            types.append(argument.type)
        }
        guard !failed else { return nil }
        let argumentLabels = compiled.compactMap { $0?.label }.joined(separator: ", ")
        var plan = PlanExpression.call(function, plans)
        if function == .uuid5, plans.count == 2, case .constant(.json(.string(let text))) = plans[0], let namespace = UUID5.Namespace(text) {
            plan = .uuid5(namespace, name: plans[1])
        }
        return Compiled(plan: plan, type: signature.result(types), label: "\(name)(\(argumentLabels))")
    }

    /// Literal arguments are checked now rather than on the first credential.
    private func checkLiteral(_ function: Builtin, index: Int, argument: Compiled, offset: Int, _ scope: inout CompileScope) {
        guard case .constant(.json(.string(let text))) = argument.plan else { return }
        switch (function, index) {
        case (.uuid5, 0):
            if UUID5.make(namespace: text, name: "") == nil {
                scope.error(.badValue, location(offset), "uuid5 namespace '\(text)' is not a UUID")
            }
        case (.dateTime, 1):
            if (try? Builtin.timeZone(text)) == nil {
                scope.error(.badValue, location(offset), "unknown time zone '\(text)' (use an IANA name such as Europe/Amsterdam, or UTC)")
            }
        case (.date, 0), (.dateTime, 0), (.addDays, 0), (.addMonths, 0), (.addYears, 0), (.formatDate, 0):
            if CalendarDate(parsing: text) == nil {
                scope.error(.typeError, location(offset), "'\(text)' is not a date (YYYY-MM-DD)")
            }
        default:
            break
        }
    }
}
