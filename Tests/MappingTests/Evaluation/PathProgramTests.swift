import Foundation
import JSONCanonical
import Testing

@testable import Mapping

/// Compiled paths capture one or two names directly and walk longer or mixed paths step by
/// step; every form must read what plain subscripts read.
@Suite("compiled paths read what subscripts read")
struct PathProgramTests {
    /// A credential with objects three deep, an array, a null, an empty string and non-ASCII names.
    static let source: JSONValue = [
        "id": "c-1",
        "blank": "",
        "none": .null,
        "recipient": ["name": "Zoë", "email": "z@example.org", "address": ["city": "Köln", "zip": "50667", "geo": ["lat": .number(50.9)]]],
        "customAttributes": ["custom.did": "did:example:z", "Straße": "x"],
        "skills": ["DCP", "ODRL", ["nested": "deep"]],
    ]

    static let context = EvaluationContext(
        source: source, issuer: "did:web:i", now: Date(timeIntervalSince1970: 0),
        midnights: LocalMidnights(TimeZone(identifier: "UTC") ?? .current), holder: nil)

    /// Every name path of up to four steps through `source`, plus a missing name after each.
    static func namePaths() -> [[String]] {
        var paths: [[String]] = []
        func walk(_ value: JSONValue, _ prefix: [String]) {
            guard prefix.count < 4 else { return }
            paths.append(prefix + ["missing"])
            guard case .object(let object) = value else {
                // A name step on a non-object finds nothing.
                paths.append(prefix + ["id"])
                return
            }
            for member in object.members {
                paths.append(prefix + [member.key])
                walk(member.value, prefix + [member.key])
            }
        }
        walk(source, [])
        return paths
    }

    /// What the path reads through subscripts, as `.source` without a type gives it: a missing
    /// value (nil, null, "") is absent.
    static func expected(_ steps: [PlanStep]) -> MappingValue {
        var current: JSONValue? = source
        for step in steps {
            switch step {
            case .key(let key): current = current?[key.text]
            case .index(let position): current = current?[position]
            case .dynamic: Issue.record("not used here")
            }
        }
        guard let current else { return .absent }
        let value = MappingValue.json(current)
        return value.isMissing ? .absent : value
    }

    @Test("name paths of every length, each ending found or missing")
    func names() throws {
        let paths = Self.namePaths()
        #expect(paths.filter { $0.count == 1 }.count > 5 && paths.filter { $0.count == 2 }.count > 5 && paths.contains { $0.count == 4 })
        var found = 0
        for path in paths {
            let steps = path.map { PlanStep.key(MemberKey($0)) }
            let value = try ExpressionProgram(.source(steps, label: path.joined(separator: "."), coercion: nil)).run(Self.context)
            #expect(value == Self.expected(steps), "\(path)")
            if case .json = value { found += 1 }
        }
        #expect(found > 10)
    }

    @Test("paths with indexes and computed keys")
    func mixed() throws {
        let cases: [([PlanStep], MappingValue)] = [
            ([.key(MemberKey("skills")), .index(1)], .json("ODRL")),
            ([.key(MemberKey("skills")), .index(2), .key(MemberKey("nested"))], .json("deep")),
            ([.key(MemberKey("skills")), .index(7)], .absent),
            ([.key(MemberKey("recipient")), .dynamic(.constant(.json("address"))), .key(MemberKey("city"))], .json("Köln")),
            ([.key(MemberKey("skills")), .dynamic(.constant(.json(.number(0))))], .json("DCP")),
            ([.key(MemberKey("customAttributes")), .dynamic(.source([.key(MemberKey("id"))], label: "id", coercion: nil))], .absent),
            ([.dynamic(.constant(.json(["an", "array"])))], .absent),
        ]
        for (steps, expected) in cases {
            #expect(try ExpressionProgram(.source(steps, label: "p", coercion: nil)).run(Self.context) == expected)
        }
    }

    @Test("a typed source turns a present value into its type and a missing one into absent")
    func typed() throws {
        let name = try ExpressionProgram(.source([.key(MemberKey("recipient")), .key(MemberKey("name"))], label: "recipient.name", coercion: .string))
            .run(Self.context)
        #expect(name == .json("Zoë"))
        #expect(try ExpressionProgram(.source([.key(MemberKey("blank"))], label: "blank", coercion: .date)).run(Self.context) == .absent)
        #expect(throws: ExpressionFailure.self) {
            try ExpressionProgram(.source([.key(MemberKey("id"))], label: "id", coercion: .date)).run(Self.context)
        }
    }
}
