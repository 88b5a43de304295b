import Foundation
import JSONCanonical
import Mapping

extension FuzzTargets {
    /// The profile compiler: YAML read, `extends` resolved, expressions and templates compiled,
    /// the set checked. A refused profile says where (a line and column inside the text); a
    /// compiled one renders a sample Certifier credential into a document whose JSON round-trips.
    static let profile = FuzzTarget(
        "profile", "ProfileLoader on one YAML text: errors carry a location in the text; a compiled profile renders a sample credential to JSON that round-trips"
    ) { input throws(FuzzFinding) in
        let text = String(decoding: input, as: UTF8.self)
        let set: ProfileSet
        do throws(ProfileLoadError) {
            // No base directory holds lookup files, so a `lookup` naming a file fails as missing.
            set = try ProfileLoader.load(
                sources: [("fuzz.yaml", text)], baseDirectory: URL(fileURLWithPath: "/nonexistent/certbridge-fuzz"))
        } catch {
            try expect(!error.errors.isEmpty, "profile", "the load failed without an error diagnostic: \(error)")
            let lines = yamlLineCount(text)
            for diagnostic in error.diagnostics where diagnostic.location.file == "fuzz.yaml" {
                try expect(
                    diagnostic.location.line >= 1 && diagnostic.location.line <= max(lines, 1) + 1 && diagnostic.location.column >= 1,
                    "profile", "diagnostic outside the text (\(lines) lines): \(diagnostic)")
            }
            return
        }
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        for compiled in set.profiles where !compiled.isAbstract {
            guard let document = try? compiled.render(sampleSource, issuer: "did:web:issuer.example", now: now) else { continue }
            try expectRoundTrip(document, target: "profile")
        }
    }

    /// The expression and template parsers on their own: a refusal points inside the text.
    static let expression = FuzzTarget(
        "expression", "ExpressionParser and TemplateParser: a syntax error's offset lies within the text"
    ) { input throws(FuzzFinding) in
        let text = String(decoding: input, as: UTF8.self)
        // Offsets count Unicode scalars (ExpressionSyntaxError), not Characters.
        let length = text.unicodeScalars.count
        do throws(ExpressionSyntaxError) {
            _ = try ExpressionParser.parse(text)
        } catch {
            try expect(error.offset >= 0 && error.offset <= length, "expression", "expression error offset \(error.offset) outside 0...\(length): \(error.message)")
        }
        do throws(ExpressionSyntaxError) {
            _ = try TemplateParser.parse(text)
        } catch {
            try expect(error.offset >= 0 && error.offset <= length, "expression", "template error offset \(error.offset) outside 0...\(length): \(error.message)")
        }
    }

    /// Lines as YAML counts them: CR LF, CR alone and LF alone each end one (YAML 1.1 §5.4, as
    /// libyaml reads it, with NEL, LS and PS too).
    static func yamlLineCount(_ text: String) -> Int {
        var lines = 1
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": if previous != "\r" { lines += 1 }
            case "\r", "\u{85}", "\u{2028}", "\u{2029}": lines += 1
            default: break
            }
            previous = scalar
        }
        return lines
    }

    /// A Certifier credential like Examples/certifier-credential.json, for compiled profiles to render.
    static let sampleSource: JSONValue = [
        "id": "01hz2f0c9ryvzajg20jqh9taab", "publicId": "124a8110-2c9e-4a63-9b5c-0f3c1a7e2d11",
        "groupId": "01g90279gp5sbmfek7wymcsvec", "status": "issued",
        "recipient": ["id": "01jmerb6k2x9d3v7q8w4n5t6ya", "name": "Zoe Muller", "email": "zoe@example.de"],
        "issueDate": "2025-03-31", "expiryDate": nil,
        "attributes": ["recipient.name": "Zoë Müller", "issue.date": "2025-03-31"],
        "customAttributes": ["custom.course": "Datenraum-Grundlagen", "custom.credits": "2.5", "custom.skills": "DCP, ODRL"],
        "createdAt": "2025-03-31T08:12:44.512Z", "updatedAt": "2025-03-31T08:13:02.001Z",
    ]
}
