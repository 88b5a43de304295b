import Foundation
import Testing
import TestSupport

@testable import Mail

/// An implementation certbridge did not write, Python's `email` package (Testing/Scripts/mail_parse.py),
/// reads what the renderer makes and gets the UTF-8 subject, addresses and bodies back exactly.
@Suite("SMTP messages read by Python's email parser")
struct SMTPPythonEmailTests {
    func parse(_ message: MailMessage) async throws -> [String: Any] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID().uuidString).eml")
        try Data(message.rendered().utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try await BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["python3", SharedVectors.repositoryFile("Testing/Scripts/mail_parse.py").path, file.path])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
    }

    @Test("a UTF-8 subject, display name and body, with dots, long lines and trailing spaces, parse back exactly")
    func plain() async throws {
        let subject = "Ihr Nachweis für Zoë ✓ — " + String(repeating: "Überprüfung ", count: 5) + "Ende"
        let body = "Grüße, Zoë!\n.leading dot\nend space \n" + String(repeating: "ä long line ", count: 12) + "\n= sign\nhttps://x.example/offer?credential_offer_uri=a%3Db"
        let message = try MailMessage(
            from: try MailAddress("issuer@certbridge.example", displayName: "Zertifikatsstelle Müller"),
            to: [try MailAddress("holder@example.org"), try MailAddress("second@example.org", displayName: "Dr. \"Q\" Second")],
            subject: subject, text: body)
        let parsed = try await parse(message)
        #expect(parsed["subject"] as? String == subject)
        #expect(parsed["from"] as? [String] == ["issuer@certbridge.example"])
        #expect(parsed["from_name"] as? String == "Zertifikatsstelle Müller")
        #expect(parsed["to"] as? [String] == ["holder@example.org", "second@example.org"])
        #expect(parsed["text"] as? String == body + "\n")
        #expect((parsed["message_id"] as? String)?.hasSuffix("@certbridge.example>") == true)
        #expect(parsed["defects"] as? [String] == [])
    }

    @Test("multipart/alternative: both bodies parse back")
    func alternative() async throws {
        let message = try MailMessage(
            from: try MailAddress("issuer@certbridge.example"), to: [try MailAddress("holder@example.org")],
            subject: "Angebot", text: "Text ü", html: "<p>HTML ü</p>")
        let parsed = try await parse(message)
        // RFC 2046 §5.1.1: the CRLF before a boundary belongs to the boundary, not to the part.
        #expect(parsed["text"] as? String == "Text ü")
        #expect(parsed["html"] as? String == "<p>HTML ü</p>")
        #expect(parsed["defects"] as? [String] == [])
    }
}
