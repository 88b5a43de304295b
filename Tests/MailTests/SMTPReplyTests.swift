import Testing

@testable import Mail

@Suite("SMTP replies")
struct SMTPReplyTests {
    func parse(_ lines: [String]) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        var replies: [SMTPReply] = []
        for line in lines {
            if let reply = try parser.feed(Array(line.utf8)) { replies.append(reply) }
        }
        return replies
    }

    @Test("a multi-line reply is one reply with every line; a single line and a bare code are replies too")
    func multiLine() throws {
        let replies = try parse(["250-mail.example greets you", "250-STARTTLS", "250-AUTH PLAIN LOGIN", "250 SIZE 1000", "354", "221 Bye"])
        #expect(replies.count == 3)
        #expect(replies[0] == SMTPReply(code: 250, lines: ["mail.example greets you", "STARTTLS", "AUTH PLAIN LOGIN", "SIZE 1000"]))
        #expect(replies[1] == SMTPReply(code: 354, lines: [""]))
        #expect(replies[2].text == "Bye")
    }

    @Test("malformed lines are refused: no code, a code changing mid-reply, a bad separator, out of range")
    func malformed() {
        for lines in [["hello"], ["250-a", "251 b"], ["250+x"], ["999 no"], ["25"]] {
            #expect(throws: SMTPReplyParser.Malformed.self, "\(lines)") { try parse(lines) }
        }
    }

    @Test("EHLO extensions: keywords case-insensitive, AUTH mechanisms, SIZE limit")
    func extensions() {
        let reply = SMTPReply(code: 250, lines: ["host", "starttls", "AUTH login Plain", "SIZE 5000", "8BITMIME"])
        let extensions = SMTPExtensions(ehlo: reply)
        #expect(extensions.startTLS)
        #expect(extensions.authMechanisms == ["LOGIN", "PLAIN"])
        #expect(extensions.sizeLimit == 5000)
        #expect(extensions.eightBitMIME)
        #expect(!extensions.smtpUTF8)
        #expect(!SMTPExtensions(ehlo: SMTPReply(code: 250, lines: ["host only"])).startTLS)
    }
}
