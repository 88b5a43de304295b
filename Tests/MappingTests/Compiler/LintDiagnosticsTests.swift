import Testing
import TestSupport
@testable import Mapping

/// Each kind of load-time error, at the exact place it is written; all reported in one load.
@Suite("Compiler: lint errors with file:line:column")
struct LintDiagnosticsTests {
    static let broken = """
        name: broken
        vc: "1.1"
        target: generic
        colour: blue
        context: [https://www.w3.org/2018/credentials/v1]
        type: [VerifiableCredential]
        issuanceDate: '{{ dateTime(issueDate) }}'
        validUntil: '{{ dateTime(expiryDate) }}'
        credentialSubject:
          a: '{{ lowercase(recipient.name) }}'
          b: '{{ recipient.phone }}'
          c: '{{ addDays(recipient.name, 1) }}'
          d: '{{ customAttributes.mentor }}'
          e: '{{ customAttributes["mentor"] }}'
          f: '{{ recipient.name == }}'
          g: '{{ uuid5("not-a-uuid", id) }}'
          h:
            $value: '{{ id }}'
            $colour: red
        """

    let found = diagnostics([("broken.yaml", LintDiagnosticsTests.broken)])

    private func expectDiagnostic(_ kind: ProfileDiagnostic.Kind, lineContaining marker: String, column needle: String, message: String) {
        let text = LintDiagnosticsTests.broken
        guard let line = line(of: marker, in: text), let column = column(of: needle, line: line, in: text) else {
            Issue.record("test text lacks \(marker)")
            return
        }
        let expected = SourceLocation(file: "broken.yaml", line: line, column: column)
        let match = found.first { $0.kind == kind && $0.location == expected }
        #expect(match != nil, "no \(kind.rawValue) at \(expected); got:\n\(found.map(\.description).joined(separator: "\n"))")
        if let match { #expect(match.message.contains(message), "\(match.message)") }
    }

    @Test("unknown key, at the key")
    func unknownKey() {
        expectDiagnostic(.unknownKey, lineContaining: "colour: blue", column: "colour", message: "unknown key 'colour'")
    }

    @Test("a VC 2.0 date key in a VC 1.1 profile is an unknown key with a hint")
    func wrongVersionKey() {
        expectDiagnostic(.unknownKey, lineContaining: "validUntil", column: "validUntil", message: "VC 1.1 uses issuanceDate/expirationDate")
    }

    @Test("missing key, at the profile")
    func missingKey() {
        let match = found.first { $0.kind == .missingKey && $0.location == SourceLocation(file: "broken.yaml", line: 1, column: 1) }
        #expect(match?.message.contains("has no 'id'") == true)
    }

    @Test("unknown function, at its name, with a suggestion")
    func unknownFunction() {
        expectDiagnostic(.unknownFunction, lineContaining: "  a: '", column: "lowercase", message: "unknown function 'lowercase'")
    }

    @Test("bad path: a recipient field that does not exist")
    func badRecipientPath() {
        expectDiagnostic(.badPath, lineContaining: "  b: '", column: "phone", message: "recipient has no field")
    }

    @Test("bad path: dotted custom attribute keys need brackets")
    func dottedCustomKey() {
        expectDiagnostic(.badPath, lineContaining: "  d: '", column: "mentor", message: #"customAttributes["custom.mentor"]"#)
    }

    @Test("bad path: custom attribute keys start with custom.")
    func customPrefix() {
        expectDiagnostic(.badPath, lineContaining: "  e: '", column: "[", message: "start with 'custom.'")
    }

    @Test("type error: a string where a date is needed")
    func typeError() {
        expectDiagnostic(.typeError, lineContaining: "  c: '", column: "recipient.name", message: "argument 1 of addDays")
    }

    @Test("expression syntax error, at the offending token")
    func expressionSyntax() {
        expectDiagnostic(.expressionSyntax, lineContaining: "  f: '", column: "}}", message: "expected a value")
    }

    @Test("a literal argument is checked at load: uuid5 namespace")
    func literalArgument() {
        expectDiagnostic(.badValue, lineContaining: "  g: '", column: "\"not-a-uuid\"", message: "not a UUID")
    }

    @Test("unknown key in a field rule")
    func unknownRuleKey() {
        expectDiagnostic(.unknownKey, lineContaining: "$colour", column: "$colour", message: "field rule")
    }

    @Test("every error is reported in one load, not just the first")
    func allReported() {
        #expect(found.filter { $0.severity == .error }.count >= 11)
    }

    @Test("a date where a date-time is needed is a type error")
    func dateNotWidened() {
        let text = profileText(value: "x").replacingOccurrences(of: "'{{ dateTime(issueDate) }}'", with: "'{{ issueDate }}'")
        let found = diagnostics([("t.yaml", text)])
        #expect(found.contains { $0.kind == .typeError && $0.message.contains("widen explicitly") && $0.location.line == 10 })
    }

    @Test("two profiles that can match the same credential at equal rank")
    func duplicateMatch() {
        let first = profileText(value: "x", extra: "match: {groupId: [g1, g2], status: issued}")
        let second = profileText(value: "y", extra: "match:\n  groupId: g2\n  status: [issued, expired]").replacingOccurrences(of: "name: t", with: "name: u")
        let found = diagnostics([("a.yaml", first), ("b.yaml", second)])
        let duplicate = found.first { $0.kind == .duplicateProfileMatch }
        #expect(duplicate?.location == SourceLocation(file: "b.yaml", line: 7, column: 3))
        #expect(duplicate?.message.contains("'u' and 't'") == true)
        // A higher priority settles it.
        let settled = second.replacingOccurrences(of: "match:", with: "priority: 1\nmatch:")
        #expect(!diagnostics([("a.yaml", first), ("b.yaml", settled)]).contains { $0.kind == .duplicateProfileMatch })
        // Disjoint group sets never collide.
        let disjoint = second.replacingOccurrences(of: "groupId: g2", with: "groupId: g3")
        #expect(!diagnostics([("a.yaml", first), ("b.yaml", disjoint)]).contains { $0.kind == .duplicateProfileMatch })
    }

    @Test("extends naming an unknown profile, and cycles")
    func badExtends() {
        let orphan = profileText(value: "x", extra: "extends: nowhere")
        let found = diagnostics([("a.yaml", orphan)])
        #expect(found.contains { $0.kind == .badExtends && $0.location == SourceLocation(file: "a.yaml", line: 6, column: 10) })
        let a = "name: a\nabstract: true\nextends: b\n"
        let b = "name: b\nabstract: true\nextends: a\n"
        #expect(diagnostics([("a.yaml", a), ("b.yaml", b)]).contains { $0.kind == .badExtends && $0.message.contains("cycle") })
    }

    @Test("a lookup table used without a key")
    func bareLookup() {
        let text = profileText(value: "{{ lower(holders) }}", extra: "lookups:\n  holders:\n    entries: {a: b}")
        let found = diagnostics([("t.yaml", text)])
        #expect(found.contains { $0.kind == .badPath && $0.message.contains("needs a key") && $0.location.column == column(of: "holders", line: line(of: "  v: '", in: text) ?? 0, in: text) && $0.location.line == line(of: "  v: '", in: text) })
    }

    @Test("a lookup file that does not exist")
    func missingLookupFile() {
        let text = profileText(value: "x", extra: "lookups:\n  holders:\n    file: /nonexistent/holders.yaml")
        #expect(diagnostics([("t.yaml", text)]).contains { $0.kind == .badLookup && $0.location.line == 8 })
    }

    @Test("a malformed YAML file fails with its position and the others still load their errors")
    func yamlAndOthers() {
        let found = diagnostics([("bad.yaml", "name: [x\n"), ("broken.yaml", LintDiagnosticsTests.broken)])
        #expect(found.contains { $0.kind == .yamlSyntax && $0.location.file == "bad.yaml" })
        #expect(found.contains { $0.kind == .unknownFunction && $0.location.file == "broken.yaml" })
    }
}

@Suite("Compiler: context list")
struct ContextListTests {
    @Test("the first context must be the base context of the profile's VC version")
    func baseContextFirst() {
        let text = profileText(value: "x").replacingOccurrences(of: "context: [https://www.w3.org/ns/credentials/v2]", with: "context: [https://www.w3.org/2018/credentials/v1]")
        let found = diagnostics([("t.yaml", text)])
        #expect(found.contains { $0.kind == .badValue && $0.location == SourceLocation(file: "t.yaml", line: 7, column: 11) && $0.message.contains("must be https://www.w3.org/ns/credentials/v2") })
    }
}
