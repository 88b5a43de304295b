import Foundation
import JSONCanonical

/// Translator stage for one profile: merged syntax tree -> `CompiledProfile`.
struct ProfileCompiler {
    /// The keys a profile may have; the date keys depend on the VC version.
    static let commonKeys: Set<String> = [
        "name", "description", "extends", "abstract", "priority", "match", "vc", "target", "timezone",
        "namespace", "constants", "lookups", "context", "type", "id", "issuer", "fields", "credentialSubject", "proof",
        "status", "offer",
    ]
    static let matchKeys: Set<String> = ["groupId", "status", "when"]

    var name: String
    var root: SyntaxNode
    /// Reads lookup files relative to the profile that names them.
    var readFile: (String, SourceLocation) -> Result<String, ProfileDiagnostic>
    /// The cryptosuite names `proof.cryptosuite` may use.
    var cryptosuites: CryptosuiteNames?

    func compile() -> (profile: CompiledProfile?, diagnostics: [ProfileDiagnostic]) {
        var scope = CompileScope(profileName: name)
        guard let pairs = root.pairs else {
            scope.error(.typeError, root.location, "a profile is a mapping of keys (name, match, vc, credentialSubject...), not \(root.kindName)")
            return (nil, scope.diagnostics)
        }
        let isAbstract = root["abstract"]?.scalarText == "true"
        let version = versionSetting(&scope)
        let dateKeys = version.dateKeys
        let allowed = Self.commonKeys.union([dateKeys.from, dateKeys.until])
        for pair in pairs {
            guard let key = pair.key.scalarText, allowed.contains(key) else {
                let key = pair.key.scalarText ?? pair.key.kindName
                let other = version == .v1_1 ? VCVersion.v2_0.dateKeys : VCVersion.v1_1.dateKeys
                let hint = [other.from, other.until].contains(key)
                    ? " (VC \(version.rawValue) uses \(dateKeys.from)/\(dateKeys.until))"
                    : "; allowed: \(allowed.sorted().joined(separator: ", "))"
                scope.error(.unknownKey, pair.key.location, "unknown key '\(key)'\(hint)")
                continue
            }
        }
        if !isAbstract {
            for key in ["context", "type", "credentialSubject", "id", dateKeys.from] where root[key] == nil {
                scope.error(.missingKey, root.location, "profile '\(name)' has no '\(key)'")
            }
        }
        let priority = integerSetting("priority", &scope) ?? 0
        let (target, targetLocation) = targetSetting(&scope)
        let timeZone = timeZoneSetting(&scope)
        scope.namespace = namespaceSetting(&scope)
        scope.constants = constants(&scope)
        scope.lookups = lookups(&scope)
        let match = compileMatch(&scope)
        let proof = compileProof(&scope)
        let status = compileStatus(&scope)
        let offer = compileOffer(&scope, version: version)

        var document: [(key: String, plan: OutputPlan)] = []
        var subject: OutputPlan?
        let contextURLs = root["context"]?.elements?.compactMap(\.scalarText) ?? []
        if let contextNode = root["context"], contextURLs.first != version.baseContext {
            let at = contextNode.elements?.first?.location ?? contextNode.location
            scope.error(.badValue, at, "the first context of a VC \(version.rawValue) credential must be \(version.baseContext)")
        }
        let issuerNode = root["issuer"] ?? SyntaxNode(.scalar("{{ issuer }}", .plain), at: root.location)
        let members: [(String, SyntaxNode?)] = [
            ("@context", root["context"]), ("id", root["id"]), ("type", root["type"]), ("issuer", issuerNode),
            (dateKeys.from, root[dateKeys.from]), (dateKeys.until, root[dateKeys.until]),
        ]
        for (key, node) in members {
            guard let node, let compiled = OutputCompiler.compile(node, path: key, &scope) else { continue }
            if key == dateKeys.from || key == dateKeys.until {
                checkDateTime(compiled.type, key: key, node: node, &scope)
            }
            document.append((key, compiled.plan))
        }
        if let fields = root["fields"] {
            if let fieldPairs = fields.pairs {
                for pair in fieldPairs {
                    guard let key = pair.key.scalarText else { continue }
                    if Self.reservedDocumentKeys.contains(key) {
                        scope.error(.unknownKey, pair.key.location, key == "credentialStatus"
                            ? "'credentialStatus' is written by the gateway from the profile's status: key, not under fields"
                            : "'\(key)' is set by its own profile key, not under fields")
                        continue
                    }
                    if let compiled = OutputCompiler.compile(pair.value, path: key, key: pair.key, &scope) { document.append((key, compiled.plan)) }
                }
            } else {
                scope.error(.typeError, fields.location, "fields is a mapping of credential members, not \(fields.kindName)")
            }
        }
        if let subjectNode = root["credentialSubject"] {
            if subjectNode.pairs == nil {
                scope.error(.typeError, subjectNode.location, "credentialSubject is a mapping, not \(subjectNode.kindName)")
            } else if let compiled = OutputCompiler.compile(subjectNode, path: "credentialSubject", &scope) {
                subject = compiled.plan
                document.append(("credentialSubject", compiled.plan))
            }
        }
        let hasErrors = scope.diagnostics.contains { $0.severity == .error }
        guard !hasErrors, let match else { return (nil, scope.diagnostics) }
        let profile = CompiledProfile(
            name: name, file: root.location.file, priority: priority, isAbstract: isAbstract, match: match,
            version: version, target: target, targetLocation: targetLocation, timeZone: timeZone, contextURLs: contextURLs, proof: proof, status: status, offer: offer, document: document, subject: subject
        )
        return (profile, scope.diagnostics)
    }

    static let reservedDocumentKeys: Set<String> = [
        "@context", "id", "type", "issuer", "credentialSubject", "proof",
        "issuanceDate", "expirationDate", "validFrom", "validUntil", "credentialStatus",
    ]

    private func checkDateTime(_ type: ValueType, key: String, node: SyntaxNode, _ scope: inout CompileScope) {
        if type == .date {
            scope.error(.typeError, node.location, "\(key) must be a date-time; Certifier dates have no time: widen explicitly, e.g. '{{ dateTime(issueDate) }}'")
        } else if ![ValueType.dateTime, .any, .string].contains(type) {
            scope.error(.typeError, node.location, "\(key) must be a date-time, not \(type.rawValue)")
        }
    }

    private func versionSetting(_ scope: inout CompileScope) -> VCVersion {
        guard let node = root["vc"] else { return .v2_0 }
        guard let text = node.scalarText, let version = VCVersion(rawValue: text) else {
            scope.error(.badValue, node.location, "vc must be \"1.1\" or \"2.0\"")
            return .v2_0
        }
        return version
    }

    /// The target's name and where it is written; whether a destination kind has that name is
    /// checked where the kinds are known (`profiles lint`, the composition root).
    private func targetSetting(_ scope: inout CompileScope) -> (ProfileTarget, SourceLocation) {
        guard let node = root["target"] else { return (.tsgWallet, root.location) }
        guard let text = node.scalarText, !text.isEmpty else {
            scope.error(.badValue, node.location, "target must name a destination kind, e.g. tsg-wallet or file")
            return (.tsgWallet, node.location)
        }
        return (ProfileTarget(rawValue: text), node.location)
    }

    private func timeZoneSetting(_ scope: inout CompileScope) -> TimeZone {
        let utc = TimeZone(identifier: "UTC") ?? TimeZone.current
        guard let node = root["timezone"] else { return utc }
        guard let text = node.scalarText, let zone = TimeZone(identifier: text) else {
            scope.error(.badValue, node.location, "unknown time zone '\(node.scalarText ?? "")' (use an IANA name such as Europe/Amsterdam, or UTC)")
            return utc
        }
        return zone
    }

    private func namespaceSetting(_ scope: inout CompileScope) -> String? {
        guard let node = root["namespace"] else { return nil }
        guard let text = node.scalarText, let uuid = UUID(uuidString: text) else {
            scope.error(.badValue, node.location, "namespace must be a UUID such as 6f1c3b2e-8a4d-4c55-9a57-2f0e6b9d1a10")
            return nil
        }
        return uuid.uuidString.lowercased()
    }

    private func integerSetting(_ key: String, _ scope: inout CompileScope) -> Int? {
        guard let node = root[key] else { return nil }
        guard let text = node.scalarText, let value = Int(text) else {
            scope.error(.typeError, node.location, "\(key) must be a whole number")
            return nil
        }
        return value
    }

    private func constants(_ scope: inout CompileScope) -> [String: JSONValue] {
        guard let node = root["constants"] else { return [:] }
        guard let pairs = node.pairs else {
            scope.error(.typeError, node.location, "constants is a mapping of names to values, not \(node.kindName)")
            return [:]
        }
        var result: [String: JSONValue] = [:]
        for pair in pairs {
            guard let key = pair.key.scalarText, isIdentifier(key) else {
                scope.error(.badValue, pair.key.location, "a constant name is a word of letters, digits and _")
                continue
            }
            if SourceSchema.reservedNames.contains(key) {
                scope.error(.badValue, pair.key.location, "'\(key)' is a built-in name and cannot be a constant")
                continue
            }
            result[key] = Self.literal(pair.value)
        }
        return result
    }

    private func lookups(_ scope: inout CompileScope) -> [String: LookupTable] {
        guard let node = root["lookups"] else { return [:] }
        guard let pairs = node.pairs else {
            scope.error(.typeError, node.location, "lookups is a mapping of table names to tables, not \(node.kindName)")
            return [:]
        }
        var tables: [String: LookupTable] = [:]
        for pair in pairs {
            guard let key = pair.key.scalarText, isIdentifier(key), !SourceSchema.reservedNames.contains(key) else {
                scope.error(.badValue, pair.key.location, "a lookup table name is a word of letters, digits and _ that is not a built-in name")
                continue
            }
            if scope.constants[key] != nil {
                scope.error(.badValue, pair.key.location, "'\(key)' is both a constant and a lookup table")
            }
            if let table = LookupLoader.load(name: key, node: pair.value, readFile: readFile, &scope) { tables[key] = table }
        }
        return tables
    }

    private func compileMatch(_ scope: inout CompileScope) -> MatchPlan? {
        guard let node = root["match"] else {
            return MatchPlan(groupIds: nil, statuses: nil, condition: nil, location: root.location)
        }
        guard let pairs = node.pairs else {
            scope.error(.typeError, node.location, "match is a mapping (groupId, status, when), not \(node.kindName)")
            return nil
        }
        for pair in pairs where !Self.matchKeys.contains(pair.key.scalarText ?? "") {
            scope.error(.unknownKey, pair.key.location, "unknown key '\(pair.key.scalarText ?? "?")' in match; allowed: groupId, status, when (use when for any other field condition)")
        }
        let groups = stringSet(node["groupId"], &scope)
        let statuses = stringSet(node["status"], &scope)
        let condition = node["when"].flatMap { OutputCompiler.compileCondition($0, &scope) }
        return MatchPlan(groupIds: groups, statuses: statuses, condition: condition, location: node.location)
    }

    private func stringSet(_ node: SyntaxNode?, _ scope: inout CompileScope) -> Set<String>? {
        guard let node else { return nil }
        if let text = node.scalarText { return [text] }
        if let elements = node.elements {
            var values: Set<String> = []
            for element in elements {
                if let text = element.scalarText { values.insert(text) } else {
                    scope.error(.typeError, element.location, "expected a value, not \(element.kindName)")
                }
            }
            return values
        }
        scope.error(.typeError, node.location, "expected one value or a list of values, not \(node.kindName)")
        return nil
    }

    private func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// A YAML value as JSON without templates (constants, lookup entries).
    static func literal(_ node: SyntaxNode) -> JSONValue {
        switch node.kind {
        case .scalar(let text, let style):
            return style == .plain ? OutputCompiler.plainLiteral(text) ?? .string(text) : .string(text)
        case .sequence(let elements):
            return .array(elements.map(literal))
        case .mapping(let pairs):
            return .object(JSONObject(pairs.map { ($0.key.scalarText ?? "", literal($0.value)) }))
        }
    }
}
