import JSONCanonical

/// Translator stage for output templates: YAML values -> `OutputPlan`.
///
/// A string is a template (`text {{ expression }}`); a string that is exactly one `{{ expression }}`
/// keeps the expression's type. A mapping whose keys start with `$` is a field rule.
enum OutputCompiler {
    static let ruleKeys: Set<String> = ["$value", "$when", "$default", "$required", "$type"]

    /// Compiles a value; returns the plan and its static type (`nil` after a reported error).
    static func compile(_ node: SyntaxNode, path: String, key: SyntaxNode? = nil, _ scope: inout CompileScope) -> (plan: OutputPlan, type: ValueType)? {
        let rule = OutputPlan.Rule(path: path, location: node.location, keyLocation: key?.location)
        switch node.kind {
        case .scalar(let text, let style):
            if style == .plain, let literal = plainLiteral(text) {
                return (.value(.constant(.json(literal)), rule), literal.valueType)
            }
            guard let compiled = compileTemplate(text, node: node, scope: &scope) else { return nil }
            return (.value(compiled.plan, rule), compiled.type)
        case .sequence(let elements):
            var plans: [OutputPlan] = []
            var failed = false
            for (index, element) in elements.enumerated() {
                if let compiled = compile(element, path: "\(path)[\(index)]", &scope) { plans.append(compiled.plan) } else { failed = true }
            }
            return failed ? nil : (.array(plans, rule), .array)
        case .mapping(let pairs):
            if pairs.contains(where: { $0.key.scalarText?.hasPrefix("$") == true }) {
                return compileGuard(node, pairs: pairs, rule: rule, &scope)
            }
            var members: [(key: String, plan: OutputPlan)] = []
            var failed = false
            for pair in pairs {
                guard let key = pair.key.scalarText else {
                    scope.error(.typeError, pair.key.location, "an output key must be text, not \(pair.key.kindName)")
                    failed = true
                    continue
                }
                if let compiled = compile(pair.value, path: path.isEmpty ? key : "\(path).\(key)", key: pair.key, &scope) {
                    members.append((key, compiled.plan))
                } else {
                    failed = true
                }
            }
            return failed ? nil : (.object(OutputPlan.ObjectPlan(members), rule), .object)
        }
    }

    /// `null`, booleans and numbers written without quotes; everything else is text.
    static func plainLiteral(_ text: String) -> JSONValue? {
        switch text {
        case "null", "~", "": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default:
            guard let first = text.unicodeScalars.first, first == "-" || ("0"..."9").contains(first),
                text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || "-+.eE".unicodeScalars.contains($0) }),
                let number = Double(text), number.isFinite
            else { return nil }
            return .number(number)
        }
    }

    /// Compiles a template string into one expression (a template or a single typed expression).
    static func compileTemplate(_ text: String, node: SyntaxNode, scope: inout CompileScope) -> ExpressionCompiler.Compiled? {
        let template: TemplateSyntax
        do {
            template = try TemplateParser.parse(text)
        } catch {
            scope.error(.expressionSyntax, node.location(ofOffset: error.offset), error.message)
            return nil
        }
        if let single = template.singleExpression, case .expression(_, let offset) = template.parts[0] {
            return ExpressionCompiler(node: node, baseOffset: offset).compile(single, &scope)
        }
        var pieces: [TemplatePiece] = []
        var failed = false
        for part in template.parts {
            switch part {
            case .text(let literal):
                pieces.append(.text(literal))
            case .expression(let syntax, let offset):
                let compiler = ExpressionCompiler(node: node, baseOffset: offset)
                guard let compiled = compiler.compile(syntax, &scope) else {
                    failed = true
                    continue
                }
                if compiled.type == .object || compiled.type == .array {
                    scope.error(.typeError, compiler.location(syntax.startOffset), "\(compiled.label) is \(compiled.type.rawValue) and cannot be put into text; use it as the whole value: '{{ \(compiled.label) }}'")
                    failed = true
                }
                pieces.append(.value(compiled.plan, label: compiled.label))
            }
        }
        guard !failed else { return nil }
        if pieces.count == 1, case .text(let literal) = pieces[0] {
            return ExpressionCompiler.Compiled(plan: .constant(.string(literal)), type: .string, label: "\"\(literal)\"")
        }
        return ExpressionCompiler.Compiled(plan: .template(pieces), type: .string, label: "\"\(text)\"")
    }

    /// Compiles a bare condition (`when:`): an expression without braces, or one `{{ }}`.
    static func compileCondition(_ node: SyntaxNode, _ scope: inout CompileScope) -> PlanExpression? {
        guard let text = node.scalarText else {
            scope.error(.typeError, node.location, "a condition is an expression written as text, not \(node.kindName)")
            return nil
        }
        if text.contains("{{") {
            return compileTemplate(text, node: node, scope: &scope)?.plan
        }
        do {
            let syntax = try ExpressionParser.parse(text)
            return ExpressionCompiler(node: node, baseOffset: 0).compile(syntax, &scope)?.plan
        } catch {
            scope.error(.expressionSyntax, node.location(ofOffset: error.offset), error.message)
            return nil
        }
    }

    private static func compileGuard(_ node: SyntaxNode, pairs: [SyntaxNode.Pair], rule: OutputPlan.Rule, _ scope: inout CompileScope) -> (plan: OutputPlan, type: ValueType)? {
        var failed = false
        for pair in pairs {
            guard let key = pair.key.scalarText, ruleKeys.contains(key) else {
                let written = pair.key.scalarText ?? pair.key.kindName
                scope.error(.unknownKey, pair.key.location, "unknown key '\(written)' in a field rule; field rules have \(ruleKeys.sorted().joined(separator: ", ")) (plain output keys cannot be mixed with $ keys)")
                failed = true
                continue
            }
        }
        guard let valueNode = node["$value"] else {
            scope.error(.missingKey, node.location, "a field rule needs '$value'")
            return nil
        }
        let value = compile(valueNode, path: rule.path, key: nil, &scope).map { compiled in
            (plan: compiled.plan.withKeyLocation(rule.keyLocation), type: compiled.type)
        }
        let when = node["$when"].flatMap { compileCondition($0, &scope) }
        if node["$when"] != nil && when == nil { failed = true }
        var fallback: PlanExpression?
        if let defaultNode = node["$default"] {
            fallback = compile(defaultNode, path: rule.path, &scope).flatMap { compiled -> PlanExpression? in
                if case .value(let expression, _) = compiled.plan { return expression }
                scope.error(.typeError, defaultNode.location, "$default must be a single value or template")
                return nil
            }
            if fallback == nil { failed = true }
        }
        var required = false
        if let requiredNode = node["$required"] {
            switch requiredNode.scalarText {
            case "true": required = true
            case "false": required = false
            default:
                scope.error(.typeError, requiredNode.location, "$required must be true or false")
                failed = true
            }
        }
        var convert: ValueType?
        if let typeNode = node["$type"] {
            if let name = typeNode.scalarText, let type = ValueType.named(name) {
                convert = type
            } else {
                scope.error(.typeError, typeNode.location, "$type must be one of string, number, boolean, date, date-time, object, array")
                failed = true
            }
        }
        guard let value, !failed else { return nil }
        let rules = OutputPlan.Guard(value: value.plan, when: when, fallback: fallback, required: required, convert: convert)
        return (.guarded(rules, rule), convert ?? value.type)
    }
}
