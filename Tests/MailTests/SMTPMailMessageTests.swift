import Foundation
import Testing

@testable import Mail

@Suite("SMTP message rendering")
struct SMTPMailMessageTests {
    static let from = try! MailAddress("issuer@certbridge.example", displayName: "certbridge Issuer")
    static let holder = try! MailAddress("holder@example.org")

    @Test("headers: Date in RFC 5322 form, Message-ID at the from domain, MIME-Version, CRLF everywhere")
    func headers() throws {
        let message = try MailMessage(from: Self.from, to: [Self.holder], subject: "Your credential", text: "Hello")
        let text = message.rendered(date: Date(timeIntervalSince1970: 1_796_241_870))
        let (headers, body) = MIMEReading.split(text)
        #expect(headers["date"] == "Wed, 02 Dec 2026 20:04:30 +0000")
        #expect(headers["from"] == "certbridge Issuer <issuer@certbridge.example>")
        #expect(headers["to"] == "<holder@example.org>")
        #expect(headers["subject"] == "Your credential")
        #expect(headers["mime-version"] == "1.0")
        let id = try #require(headers["message-id"])
        #expect(id.hasPrefix("<") && id.hasSuffix("@certbridge.example>") && id.count > 30)
        #expect(body == "Hello\r\n")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
    }

    @Test("a UTF-8 subject becomes encoded-words of at most 75 characters that decode back exactly")
    func encodedWordSubject() throws {
        let subject = "Ihr Nachweis für Zoë — ✓ " + String(repeating: "Überprüfung ", count: 6)
        let message = try MailMessage(from: Self.from, to: [Self.holder], subject: subject, text: "x")
        let text = message.rendered()
        let subjectLines = text.components(separatedBy: "\r\n").drop(while: { !$0.hasPrefix("Subject:") })
            .prefix(while: { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") })
        #expect(subjectLines.count > 1)
        for line in subjectLines {
            let word = line.hasPrefix("Subject: ") ? String(line.dropFirst(9)) : String(line.dropFirst())
            #expect(word.count <= 75 && word.hasPrefix("=?UTF-8?B?"))
            #expect(word.allSatisfy { $0.isASCII })
        }
        #expect(MIMEReading.decodeEncodedWords(MIMEReading.split(text).headers["subject"]!) == subject)
    }

    @Test("quoted-printable: =, non-ASCII and trailing spaces encoded, lines at most 76, decodes back")
    func quotedPrintable() {
        let text = "a=b ü\nend with space \n" + String(repeating: "long line ", count: 20) + "\r\nlast"
        let encoded = MailMessage.quotedPrintable(text)
        #expect(encoded.hasPrefix("a=3Db =C3=BC\r\nend with space=20\r\n"))
        for line in encoded.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
            #expect(!line.hasSuffix(" "))
            #expect(line.utf8.allSatisfy { $0 < 0x80 })
        }
        #expect(MIMEReading.decodeQuotedPrintable(encoded) == text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("an HTML alternative makes multipart/alternative with both parts decodable")
    func alternative() throws {
        let message = try MailMessage(from: Self.from, to: [Self.holder], subject: "s", text: "Plain ü", html: "<p>HTML ü</p>")
        let text = message.rendered()
        #expect(MIMEReading.split(text).headers["content-type"]?.hasPrefix("multipart/alternative; boundary=\"=_certbridge_") == true)
        let bodies = MIMEReading.bodies(text)
        #expect(bodies.text == "Plain ü")
        #expect(bodies.html == "<p>HTML ü</p>")
    }

    @Test("header injection is impossible: CR or LF in the subject or a display name is refused, naming the header")
    func headerInjection() {
        #expect(throws: SMTPError.invalidHeader(name: "Subject", reason: "the value contains CR, LF or another control character")) {
            try MailMessage(from: Self.from, to: [Self.holder], subject: "Hi\r\nBcc: victim@example.net", text: "x")
        }
        #expect(throws: SMTPError.self) { try MailAddress("a@example.org", displayName: "Eve\nBcc: x@example.net", header: "From") }
        do {
            _ = try MailAddress("a@example.org", displayName: "Eve\nBcc", header: "From")
        } catch {
            #expect(error.step == "From")
        }
        #expect(throws: SMTPError.invalidHeader(name: "To", reason: "at least one recipient is needed")) {
            try MailMessage(from: Self.from, to: [], subject: "s", text: "x")
        }
    }

    @Test("addresses: local@domain only; no CR/LF, no angle brackets, no spaces, one @, sane labels")
    func addresses() throws {
        for valid in ["a@example.org", "first.last+tag@sub.example.co", "zoë@exämple.de", "x@localhost"] {
            _ = try MailAddress(valid)
        }
        for invalid in [
            "", "plain", "a@", "@example.org", "a@@example.org", "a@b@example.org", "a b@example.org", "<a@example.org>",
            "a>@example.org", "a@example.org\r\nRCPT TO:<x@y>", "a@exa mple.org", "a@-example.org", "a@example..org", ".a@example.org",
            "a..b@example.org", "\"a\"@example.org", "a@[127.0.0.1]",
        ] {
            #expect(throws: SMTPError.self, "\(invalid.debugDescription)") { try MailAddress(invalid, header: "To") }
        }
        #expect(try !MailAddress("zoë@example.de").isASCII)
    }

    @Test("dot-stuffing: a leading dot is doubled, bare LF and CR become CRLF, the terminator is added")
    func dotStuffing() {
        let stuffed = SMTPData.stuffed(Array(".start\r\nmiddle\n.\n..two\rend".utf8))
        #expect(String(decoding: stuffed, as: UTF8.self) == "..start\r\nmiddle\r\n..\r\n...two\r\nend\r\n.\r\n")
        #expect(String(decoding: SMTPData.stuffed(Array("a\r\n".utf8)), as: UTF8.self) == "a\r\n.\r\n")
    }

    @Test("settings: .none only for loopback hosts; ports default per security")
    func settings() throws {
        #expect(throws: SMTPError.self) { try SMTPSettings(host: "smtp.example.com", security: .none, from: Self.from) }
        #expect(throws: SMTPError.self) { try SMTPSettings(host: "10.0.0.1", security: .none, from: Self.from) }
        #expect(throws: SMTPError.self) { try SMTPSettings(host: "127.0.0.1.evil.example", security: .none, from: Self.from) }
        #expect(try SMTPSettings(host: "127.0.0.1", security: .none, from: Self.from).port == 25)
        #expect(try SMTPSettings(host: "localhost", security: .none, from: Self.from).requiresTLSForAuthentication == false)
        #expect(try SMTPSettings(host: "smtp.example.com", from: Self.from).port == 587)
        #expect(try SMTPSettings(host: "smtp.example.com", security: .implicitTLS, from: Self.from).port == 465)
        #expect(throws: SMTPError.self) { try SMTPSettings(host: "smtp.example.com\r\n", from: Self.from) }
    }
}
