import Foundation
import JSONCanonical
import Testing
@testable import Mapping

/// Every function and operator, evaluated through a compiled profile against a credential.
@Suite("Evaluation: functions and operators")
struct FunctionTests {
    @Test("uuid5 matches the RFC 9562 example (DNS namespace, www.example.com)")
    func uuid5Vector() throws {
        #expect(UUID5.make(namespace: "6ba7b810-9dad-11d1-80b4-00c04fd430c8", name: "www.example.com") == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
        #expect(try evaluate(#"uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")"#) == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
    }

    @Test("uuid5 over the profile namespace is stable and differs per credential")
    func uuid5Namespace() throws {
        let first = try evaluate("uuid5(namespace, id)")
        #expect(first == (try evaluate("uuid5(namespace, id)")))
        var other = sampleCredential
        other["id"] = "01hz2f0c9ryvzajg20jqh9tbbb"
        #expect(first != (try evaluate("uuid5(namespace, id)", source: other)))
    }

    @Test("now() reads the injected clock")
    func now() throws {
        #expect(try evaluate("now()") == "2026-01-15T09:30:00Z")
        #expect(try evaluate("formatDate(now(), \"yyyy\")") == "2026")
    }

    @Test("dateTime widens a date at midnight in the profile's time zone, or a given one")
    func dateTime() throws {
        #expect(try evaluate("dateTime(issueDate)") == "2024-02-29T00:00:00+01:00")
        #expect(try evaluate(#"dateTime(issueDate, "UTC")"#) == "2024-02-29T00:00:00Z")
        #expect(try evaluate(#"dateTime("2024-07-01", "America/New_York")"#) == "2024-07-01T00:00:00-04:00")
        #expect(try evaluate("dateTime(createdAt)") == "2024-02-29T09:12:44+01:00")
    }

    @Test("date arithmetic: leap days, month ends, years")
    func arithmetic() throws {
        #expect(try evaluate("addDays(issueDate, 365)") == "2025-02-28")
        #expect(try evaluate("addDays(issueDate, -60)") == "2023-12-31")
        #expect(try evaluate("addMonths(issueDate, 12)") == "2025-02-28")
        #expect(try evaluate(#"addMonths("2024-01-31", 1)"#) == "2024-02-29")
        #expect(try evaluate("addYears(issueDate, 4)") == "2028-02-29")
        #expect(try evaluate("dateTime(addDays(issueDate, 1))") == "2024-03-01T00:00:00+01:00")
        #expect(try evaluate("addDays(dateTime(issueDate), 31)") == "2024-03-31T00:00:00+01:00")
    }

    @Test("expiry falls back to issue + 365 days when absent")
    func expiryDefault() throws {
        let expression = "dateTime(expiryDate) ?? dateTime(addDays(issueDate, 365))"
        #expect(try evaluate(expression) == "2025-02-28T00:00:00+01:00")
        var withExpiry = sampleCredential
        withExpiry["expiryDate"] = "2030-06-30"
        #expect(try evaluate(expression, source: withExpiry) == "2030-06-30T00:00:00+02:00")
    }

    @Test("formatDate patterns")
    func formatDate() throws {
        #expect(try evaluate(#"formatDate(issueDate, "dd.MM.yyyy")"#) == "29.02.2024")
        #expect(try evaluate(#"formatDate(dateTime(issueDate), "yyyy-MM-ddTHH:mm:ssXXX")"#) == "2024-02-29T00:00:00+01:00")
    }

    @Test("text functions: lower, upper, trim, replace, concat, split, join")
    func text() throws {
        #expect(try evaluate("lower(trim(recipient.email))") == "zoe.muller@example.de")
        #expect(try evaluate("upper(recipient.name)") == "ZOË MÜLLER")
        #expect(try evaluate(#"replace(recipient.name, "ü", "ue")"#) == "Zoë Mueller")
        #expect(try evaluate(#"concat(recipient.name, " / ", customAttributes["custom.mentor"], customAttributes["custom.none"])"#) == "Zoë Müller / Jürgen Groß")
        #expect(try evaluate(#"split(customAttributes["custom.skills"], ",")"#) == ["DCP", "ODRL"])
        #expect(try evaluate(#"join(credential.tags, "+")"#) == "a+b")
    }

    @Test("sha256 and the Open Badges salted identity hash")
    func hashing() throws {
        // SHA-256("abc") from FIPS 180-2.
        #expect(try evaluate(#"sha256("abc")"#) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let expected = "sha256$" + sha256Hex("zoe.muller@example.de" + "s4lt")
        #expect(try evaluate(#"identityHash(lower(trim(recipient.email)), "s4lt")"#) == .string(expected))
        #expect(expected == "sha256$" + sha256Hex("zoe.muller@example.des4lt"))
    }

    @Test("typed values: number, boolean, string; constants of every type")
    func typed() throws {
        #expect(try evaluate(#"number(customAttributes["custom.credits"])"#) == 2.5)
        #expect(try evaluate(#"boolean("yes")"#) == true)
        #expect(try evaluate("string(12)") == "12")
        let constants = "constants:\n  n: 3\n  flag: true\n  list: [a, b]\n  obj: {k: v}"
        #expect(try evaluate("n", extra: constants) == 3)
        #expect(try evaluate("flag", extra: constants) == true)
        #expect(try evaluate("list", extra: constants) == ["a", "b"])
        #expect(try evaluate("obj.k", extra: constants) == "v")
    }

    @Test("defaults skip absent, null and empty values")
    func defaults() throws {
        #expect(try evaluate(#"customAttributes["custom.empty"] ?? "fallback""#) == "fallback")
        #expect(try evaluate(#"expiryDate ?? "none""#) == "none")
        #expect(try evaluate(#"customAttributes["custom.mentor"] ?? "none""#) == "Jürgen Groß")
    }

    @Test("conditions: comparisons, in, and/or/not, if, exists, startsWith, contains")
    func conditions() throws {
        #expect(try evaluate(#"status == "issued" and not (groupId == "x")"#) == true)
        #expect(try evaluate(#"status in ["draft", "expired"] or false"#) == false)
        #expect(try evaluate(#"issueDate < "2024-03-01""#) == true)
        #expect(try evaluate(#"if(exists(expiryDate), "expires", "lasts")"#) == "lasts")
        #expect(try evaluate(#"startsWith(recipient.name, "Zo")"#) == true)
        #expect(try evaluate(#"contains(credential.tags, "b")"#) == true)
        #expect(try evaluate(#"if(true, "a", required(expiryDate))"#) == "a")
    }

    @Test("lookup tables, inline, by computed key; a missing key is absent")
    func lookups() throws {
        let table = "lookups:\n  holders:\n    entries:\n      zoe.muller@example.de: did:web:wallet.example.org:users:zoe"
        #expect(try evaluate("holders[lower(trim(recipient.email))]", extra: table) == "did:web:wallet.example.org:users:zoe")
        #expect(try evaluate(#"holders["nobody@example.org"] ?? "unknown""#, extra: table) == "unknown")
    }

    @Test("templates build text; a missing hole leaves the member out")
    func templates() throws {
        let set = try ProfileLoader.load(sources: [("t.yaml", profileText(value: "did:web:wallet.example.org:users:{{ recipient.id }}"))])
        let subject = try #require(set.profiles.first).render(sampleCredential, issuer: "did:web:i", now: fixedNow)["credentialSubject"]
        #expect(subject?["v"] == "did:web:wallet.example.org:users:01jmerb6k2x9d3v7q8w4n5t6ya")
        var noRecipientID = sampleCredential
        noRecipientID["recipient"] = ["name": "X"]
        let missing = try #require(set.profiles.first).render(noRecipientID, issuer: "did:web:i", now: fixedNow)["credentialSubject"]
        #expect(missing?["v"] == nil)
    }

    @Test("required names the field and the profile rule; the credential fails, nothing else")
    func required() throws {
        let set = try ProfileLoader.load(sources: [("t.yaml", profileText(value: #"{{ required(customAttributes["custom.did"]) }}"#))])
        let profile = try #require(set.profiles.first)
        do {
            _ = try profile.render(sampleCredential, issuer: "did:web:i", now: fixedNow)
            Issue.record("rendered without the required field")
        } catch {
            #expect(error.field == #"customAttributes["custom.did"]"#)
            #expect(error.rule == "credentialSubject.v")
            #expect(error.location == SourceLocation(file: "t.yaml", line: 13, column: 6))
            #expect(error.description.contains("required value is missing"))
        }
    }

    @Test("a malformed source date fails the credential naming the field")
    func malformedDate() throws {
        var bad = sampleCredential
        bad["issueDate"] = "29/02/2024"
        do {
            _ = try evaluate("addDays(issueDate, 1)", source: bad)
            Issue.record("accepted a malformed date")
        } catch let failure as MappingFailure {
            #expect(failure.field == "issueDate")
            #expect(failure.message.contains("29/02/2024"))
        }
    }

    @Test("field rules: $when, $default, $required, $type")
    func fieldRules() throws {
        func subject(_ rule: String) throws -> JSONValue? {
            let text = profileText(value: "x").replacingOccurrences(of: "  v: 'x'", with: rule)
            let set = try ProfileLoader.load(sources: [("t.yaml", text)])
            return try #require(set.profiles.first).render(sampleCredential, issuer: "did:web:i", now: fixedNow)["credentialSubject"]
        }
        #expect(try subject("  v:\n    $value: '{{ id }}'\n    $when: status == \"draft\"")?["v"] == nil)
        #expect(try subject("  v:\n    $value: '{{ expiryDate }}'\n    $default: never")?["v"] == "never")
        #expect(try subject("  v:\n    $value: '{{ customAttributes[\"custom.credits\"] }}'\n    $type: number")?["v"] == 2.5)
        #expect(throws: MappingFailure.self) { try subject("  v:\n    $value: '{{ expiryDate }}'\n    $required: true") }
    }

    @Test("unknown fields in Certifier JSON are tolerated and reachable through credential")
    func unknownFields() throws {
        #expect(try evaluate("credential.tags[1]") == "b")
        #expect(try evaluate("credential.notThere ?? \"-\"") == "-")
    }
}
