import Foundation
import Testing
import TestSupport
@testable import Mapping

/// `offer:` (OpenID4VCI offers): compiled at load into an `OfferPlan`, every mistake with its position.
@Suite("Compiler: offer (OpenID4VCI offers)")
struct OfferPlanTests {
    /// The test profile around an `offer:` block; VC 2.0 unless `vc11`.
    func text(_ extra: String, vc11: Bool = false) -> String {
        let text = profileText(value: "{{ id }}", extra: extra)
        guard vc11 else { return text }
        return text
            .replacingOccurrences(of: "vc: \"2.0\"", with: "vc: \"1.1\"")
            .replacingOccurrences(of: "https://www.w3.org/ns/credentials/v2", with: "https://www.w3.org/2018/credentials/v1")
            .replacingOccurrences(of: "validFrom:", with: "issuanceDate:")
    }

    func load(_ extra: String, vc11: Bool = false) throws(ProfileLoadError) -> CompiledProfile? {
        try ProfileLoader.load(sources: [("p.yaml", text(extra, vc11: vc11))]).profiles.first
    }

    func errors(_ extra: String, vc11: Bool = false) -> [ProfileDiagnostic] {
        do {
            _ = try load(extra, vc11: vc11)
            return []
        } catch {
            return error.errors
        }
    }

    /// Where `needle` is written in the test profile: the first line containing `marker` (default
    /// the needle itself), at the needle's column.
    func position(of needle: String, onLineWith marker: String? = nil, in extra: String, vc11: Bool = false) -> Mapping.SourceLocation? {
        let text = text(extra, vc11: vc11)
        guard let line = line(of: marker ?? needle, in: text), let column = column(of: needle, line: line, in: text) else { return nil }
        return Mapping.SourceLocation(file: "p.yaml", line: line, column: column)
    }

    /// Exactly one error, of `kind`, at `needle` (on the line with `marker`), whose message says `message`.
    func expectOneError(
        _ extra: String, vc11: Bool = false, _ kind: ProfileDiagnostic.Kind, at needle: String, onLineWith marker: String? = nil,
        saying message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let found = errors(extra, vc11: vc11)
        let expected = position(of: needle, onLineWith: marker, in: extra, vc11: vc11)
        #expect(expected != nil, "test text lacks \(needle)", sourceLocation: sourceLocation)
        #expect(found.count == 1, "expected one error; got:\n\(found.map(\.description).joined(separator: "\n"))", sourceLocation: sourceLocation)
        guard let error = found.first else { return }
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(error.location == expected, "\(error) expected at \(expected.map(\.description) ?? "?")", sourceLocation: sourceLocation)
        #expect(error.message.contains(message), "\(error.message)", sourceLocation: sourceLocation)
    }

    let values = OfferTemplateValues(
        name: "Zoë Müller", credential: "Data Stewardship", issuer: "Certbridge Academy",
        link: "https://gw.example.org/offers/abc", expires: "2026-02-01")

    // MARK: Compiling

    @Test("a full block compiles to the plan as written")
    func fullBlock() throws {
        let extra = """
            offer:
              tx_code: 6
              tx_code_description: "The code on the letter we sent you"
              binding: x5c
              formats: [jwt_vc_json, ldp_vc, jwt_vc_json]
              mail:
                subject: "Your certificate {{credential}} from {{issuer}}"
                body: |
                  Hello {{ name }},
                  open {{link}} before {{expires}}.
            """
        let profile = try #require(try load(extra, vc11: true))
        let expected = OfferPlan(
            txCodeLength: 6, txCodeDescription: "The code on the letter we sent you", binding: .x5c, formats: [.jwtVCJSON, .ldpVC],
            mail: OfferMailTemplate(
                subject: [.text("Your certificate "), .placeholder(.credential), .text(" from "), .placeholder(.issuer)],
                body: [
                    .text("Hello "), .placeholder(.name), .text(",\nopen "), .placeholder(.link), .text(" before "),
                    .placeholder(.expires), .text(".\n"),
                ]),
            location: try #require(position(of: "tx_code", onLineWith: "tx_code: 6", in: extra, vc11: true)))
        #expect(profile.offer == expected)
    }

    @Test("no offer key: no plan; an empty block: the defaults for the profile's VC version")
    func defaults() throws {
        #expect(try load("")?.offer == nil)
        let v2 = try #require(try load("offer: {}")?.offer)
        #expect(v2.txCodeLength == nil)
        #expect(v2.txCodeDescription == nil)
        #expect(v2.binding == .did)
        #expect(v2.formats == [.ldpVC])
        #expect(v2.mail == nil)
        #expect(try load("offer: {}", vc11: true)?.offer?.formats == [.ldpVC, .jwtVCJSON])
        #expect(try load("offer:\n  tx_code: none")?.offer?.txCodeLength == nil)
        let short = "offer:\n  tx_code: 4\n  formats: ldp_vc"
        let at = try #require(position(of: "tx_code", in: short))
        #expect(try load(short)?.offer == OfferPlan(txCodeLength: 4, formats: [.ldpVC], location: at))
        #expect(try load("offer:\n  tx_code: 8")?.offer?.txCodeLength == 8)
    }

    @Test("a mail with only a subject (or only a body) takes the other part from the default")
    func partialMail() throws {
        let subjectOnly = try #require(try load("offer:\n  mail:\n    subject: Hi {{name}}")?.offer?.mail)
        #expect(subjectOnly.subject == [.text("Hi "), .placeholder(.name)])
        #expect(subjectOnly.body == OfferMailTemplate.defaultMail.body)
        let bodyOnly = try #require(try load("offer:\n  mail:\n    body: 'Go to {{link}}'")?.offer?.mail)
        #expect(bodyOnly.subject == OfferMailTemplate.defaultMail.subject)
        #expect(bodyOnly.body == [.text("Go to "), .placeholder(.link)])
    }

    @Test("a profile inherits offer through extends; a child's offer replaces the base's")
    func inherited() throws {
        let base = "name: base\nabstract: true\noffer:\n  tx_code: 5\n  binding: x5c\n"
        let child = text("extends: base")
        let other = text("extends: base\noffer:\n  formats: [ldp_vc]\nmatch:\n  groupId: other").replacingOccurrences(of: "name: t", with: "name: u")
        let set = try ProfileLoader.load(sources: [("base.yaml", base), ("t.yaml", child), ("u.yaml", other)])
        let inherited = try #require(set.profile(named: "t")?.offer)
        #expect(inherited.txCodeLength == 5)
        #expect(inherited.binding == .x5c)
        #expect(inherited.location.file == "base.yaml")
        let replaced = try #require(set.profile(named: "u")?.offer)
        #expect(replaced.txCodeLength == nil)
        #expect(replaced.binding == .did)
        #expect(replaced.formats == [.ldpVC])
    }

    @Test("an abstract base without vc may offer jwt_vc_json; each profile extending it is checked with its own version")
    func abstractBaseFormats() throws {
        let base = "name: base\nabstract: true\noffer:\n  formats: [ldp_vc, jwt_vc_json]\n"
        let v11 = text("extends: base", vc11: true)
        let set = try ProfileLoader.load(sources: [("base.yaml", base), ("t.yaml", v11)])
        #expect(set.profile(named: "t")?.offer?.formats == [.ldpVC, .jwtVCJSON])
        let found = diagnostics([("base.yaml", base), ("t.yaml", text("extends: base"))]).filter { $0.severity == .error }
        #expect(found.count == 1)
        #expect(found.first?.location == Mapping.SourceLocation(file: "base.yaml", line: 4, column: 21))
        #expect(found.first?.message.contains("jwt_vc_json is the VC 1.1 JWT form") == true)
    }

    // MARK: Errors, each at its place

    @Test("tx_code outside 4…8, or not a number, is an error at the value")
    func txCode() {
        expectOneError("offer:\n  tx_code: 3", .badValue, at: "3", onLineWith: "tx_code", saying: "4 to 8, or none; not '3'")
        expectOneError("offer:\n  tx_code: 9", .badValue, at: "9", onLineWith: "tx_code", saying: "4 to 8, or none; not '9'")
        expectOneError("offer:\n  tx_code: six", .badValue, at: "six", saying: "not 'six'")
        expectOneError("offer:\n  tx_code: [6]", .badValue, at: "[6]", saying: "not a list")
    }

    @Test("tx_code_description: only with a code, at most 300 characters")
    func txCodeDescription() {
        expectOneError("offer:\n  tx_code_description: Look at the letter", .badValue, at: "tx_code_description", saying: "there is none")
        expectOneError("offer:\n  tx_code: none\n  tx_code_description: x", .badValue, at: "tx_code_description", saying: "there is none")
        let long = String(repeating: "a", count: 301)
        expectOneError("offer:\n  tx_code: 6\n  tx_code_description: \(long)", .badValue, at: long, saying: "301 characters; wallets accept at most 300")
        let limit = String(repeating: "é", count: 300)
        #expect(errors("offer:\n  tx_code: 6\n  tx_code_description: \(limit)").isEmpty)
    }

    @Test("binding other than did or x5c is an error at the value")
    func binding() {
        expectOneError("offer:\n  binding: jwk", .badValue, at: "jwk", saying: "offer.binding is did or x5c")
    }

    @Test("formats: unknown names, an empty list, and jwt_vc_json on a VC 2.0 profile")
    func formats() {
        expectOneError(
            "offer:\n  formats: [ldp_vc, jwt_vc_json]", .badValue, at: "jwt_vc_json", onLineWith: "formats",
            saying: "jwt_vc_json is the VC 1.1 JWT form")
        expectOneError("offer:\n  formats: [ldp_vc, mso_mdoc]", .badValue, at: "mso_mdoc", saying: "not 'mso_mdoc'")
        expectOneError("offer:\n  formats: []", .badValue, at: "[]", saying: "offer.formats is empty")
    }

    @Test("unknown keys in offer and in offer.mail are errors at the key, listing the allowed ones")
    func unknownKeys() {
        expectOneError(
            "offer:\n  tx_code: 6\n  pin: 1234", .unknownKey, at: "pin",
            saying: "unknown key 'pin' in offer; allowed: binding, formats, mail, tx_code, tx_code_description")
        expectOneError(
            "offer:\n  mail:\n    subject: Hi\n    from: a@example.org", .unknownKey, at: "from",
            saying: "unknown key 'from' in offer.mail; allowed: body, body_file, subject")
        expectOneError("offer: yes", .typeError, at: "yes", saying: "offer is a mapping")
        expectOneError("offer:\n  mail: Hello", .typeError, at: "Hello", saying: "offer.mail is a mapping")
    }

    @Test("an unknown placeholder is an error at the value that uses it")
    func unknownPlaceholder() {
        expectOneError(
            "offer:\n  mail:\n    subject: \"Hello {{nme}}\"", .badValue, at: "\"Hello", saying: "unknown placeholder '{{nme}}'; known: {{name}}, {{credential}}")
        let block = "offer:\n  mail:\n    body: |\n      Hi {{ recipient }},\n      {{link}}"
        expectOneError(block, .badValue, at: "|", onLineWith: "body:", saying: "offer.mail.body uses unknown placeholder '{{recipient}}'")
    }

    @Test("an unclosed {{ is an error at the value")
    func unclosed() {
        expectOneError("offer:\n  mail:\n    subject: 'Your {{credential'", .expressionSyntax, at: "'Your", saying: "'{{' without a closing '}}'")
        expectOneError("offer:\n  mail:\n    body: Open {{link}} by {{expires", .expressionSyntax, at: "Open", saying: "offer.mail.body has a '{{'")
    }

    @Test("a body without {{link}} is an error at the body")
    func missingLink() {
        expectOneError(
            "offer:\n  mail:\n    body: |\n      Hello {{name}}, see the portal.", .badValue, at: "|", onLineWith: "body:",
            saying: "offer.mail.body has no {{link}}")
    }

    @Test("a subject over several lines is an error at the subject")
    func multiLineSubject() {
        expectOneError("offer:\n  mail:\n    subject: |\n      Your credential\n      from us", .badValue, at: "|", onLineWith: "subject:", saying: "must be one line")
        expectOneError("offer:\n  mail:\n    subject: \"Your\\r\\ncredential\"", .badValue, at: "\"Your", saying: "must be one line")
        // Folded without the final line break is one line: allowed.
        #expect(errors("offer:\n  mail:\n    subject: >-\n      Your credential\n      from us").isEmpty)
    }

    @Test("body and body_file together are an error at body_file")
    func bodyAndFile() {
        expectOneError(
            "offer:\n  mail:\n    body: 'Go to {{link}}'\n    body_file: mail/course.txt", .badValue, at: "body_file",
            saying: "both body and body_file")
    }

    @Test("an unreadable body_file is an error at its path")
    func unreadableBodyFile() {
        expectOneError(
            "offer:\n  mail:\n    body_file: mail/no-such-\(UUID().uuidString).txt", .unreadable, at: "mail/no-such", saying: "cannot read offer.mail.body_file 'mail/no-such")
    }

    // MARK: body_file

    /// A fresh folder for profile and mail files, removed by the caller.
    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("offerplan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("mail"), withIntermediateDirectories: true)
        return folder
    }

    @Test("body_file is read relative to the profile's file when the profiles load")
    func bodyFileRelative() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Dear {{name}},\n\nfetch {{credential}} at {{link}}\n".write(
            to: folder.appendingPathComponent("mail/course.txt"), atomically: true, encoding: .utf8)
        let profilePath = folder.appendingPathComponent("p.yaml").path
        let extra = "offer:\n  mail:\n    subject: Certificate\n    body_file: mail/course.txt"
        let set = try ProfileLoader.load(sources: [(profilePath, text(extra))])
        let mail = try #require(set.profiles.first?.offer?.mail)
        #expect(mail.subject == [.text("Certificate")])
        #expect(mail.body == [
            .text("Dear "), .placeholder(.name), .text(",\n\nfetch "), .placeholder(.credential), .text(" at "), .placeholder(.link), .text("\n"),
        ])
        // The same from a profiles directory, as `serve` and `profiles lint` load it.
        try text(extra).write(to: folder.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let fromDirectory = try ProfileLoader.load(directory: folder)
        #expect(fromDirectory.profiles.first?.offer?.mail == mail)
    }

    @Test("a body_file's text is checked like body, with the error at body_file's path")
    func bodyFileChecked() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Hello {{name}}, no link here.\n".write(to: folder.appendingPathComponent("mail/nolink.txt"), atomically: true, encoding: .utf8)
        let profilePath = folder.appendingPathComponent("p.yaml").path
        let extra = "offer:\n  mail:\n    body_file: mail/nolink.txt"
        let found = diagnostics([(profilePath, text(extra))]).filter { $0.severity == .error }
        #expect(found.count == 1)
        let written = text(extra)
        let lineNumber = try #require(line(of: "body_file", in: written))
        let columnNumber = try #require(column(of: "mail/nolink.txt", line: lineNumber, in: written))
        #expect(found.first?.location == Mapping.SourceLocation(file: profilePath, line: lineNumber, column: columnNumber))
        #expect(found.first?.message.contains("offer.mail.body_file (mail/nolink.txt) has no {{link}}") == true)
    }

    // MARK: Rendering

    @Test("render puts the values in verbatim")
    func render() throws {
        let mail = try #require(try load("offer:\n  mail:\n    subject: '{{credential}} from {{issuer}}'\n    body: |\n      Hello {{name}}, <b>{{link}}</b> until {{expires}}")?.offer?.mail)
        let rendered = mail.render(values)
        #expect(rendered.subject == "Data Stewardship from Certbridge Academy")
        #expect(rendered.body == "Hello Zoë Müller, <b>https://gw.example.org/offers/abc</b> until 2026-02-01\n")
    }

    @Test("line breaks in values are removed from the subject, kept in the body")
    func subjectLineBreaks() {
        var values = values
        values.name = "Zoë\r\nBcc: x@example.org"
        values.credential = "Data\nStewardship\r"
        let mail = OfferMailTemplate(
            subject: [.placeholder(.name), .text(": "), .placeholder(.credential)],
            body: [.placeholder(.name), .text(" "), .placeholder(.link)])
        let rendered = mail.render(values)
        #expect(rendered.subject == "ZoëBcc: x@example.org: DataStewardship")
        #expect(!rendered.subject.unicodeScalars.contains { $0 == "\r" || $0 == "\n" })
        #expect(rendered.body == "Zoë\r\nBcc: x@example.org https://gw.example.org/offers/abc")
    }

    @Test("the default mail fills every placeholder and carries the link")
    func defaultMail() {
        let mail = OfferMailTemplate.defaultMail
        #expect(mail.subject == [.text("Your credential: "), .placeholder(.credential)])
        for placeholder in OfferPlaceholder.allCases {
            #expect(mail.body.contains(.placeholder(placeholder)), "default body lacks {{\(placeholder.rawValue)}}")
        }
        let rendered = mail.render(values)
        #expect(rendered.subject == "Your credential: Data Stewardship")
        #expect(rendered.body.hasPrefix("Hello Zoë Müller,"))
        #expect(rendered.body.contains("\nhttps://gw.example.org/offers/abc\n"))
        #expect(rendered.body.contains("Certbridge Academy has issued you the credential \"Data Stewardship\""))
        #expect(rendered.body.contains("until 2026-02-01"))
        #expect(rendered.body.contains("OpenID4VCI"))
        #expect(!rendered.body.contains("{{"))
    }

    @Test("template parsing: spaces inside braces, a lone }}, adjacent placeholders")
    func parsing() {
        #expect(OfferMailTemplate.parse("{{ link }}{{name}} }} x") == .success([.placeholder(.link), .placeholder(.name), .text(" }} x")]))
        #expect(OfferMailTemplate.parse("") == .success([]))
        #expect(OfferMailTemplate.parse("a {{}} b") == .failure(.unknownPlaceholder("")))
        #expect(OfferMailTemplate.parse("a {{link} b") == .failure(.unclosed))
    }
}
