import DCP
import Foundation
import JSONCanonical
import Testing
import TestSupport

/// The DCP messages against the published schemas and examples (../shared/vectors/dcp): what the
/// gateway accepts, jsonschema accepts; what it refuses for a schema reason, jsonschema refuses;
/// what it sends validates.
@Suite("DCP messages")
struct DCPMessageTests {
    static let known: Set<String> = ["d5c77b0e-7f4e-4fd5-8c5f-28b5fc3f96d1", "c0f81e68-6d35-4f9d-bc04-51e511b2e46c"]

    static func example(_ name: String) throws -> JSONValue {
        try JSONValue(parsing: try SharedVectors.text("dcp/issuance/example/\(name)"))
    }

    /// Runs dcp_check.py; returns the number of findings per message.
    static func schemaFindings(_ messages: [(schema: String, value: JSONValue)]) async throws -> String {
        let spec: JSONValue = [
            "schemas": .string(SharedVectors.url("dcp").path),
            "messages": .array(messages.map { ["schema": .string($0.schema), "value": $0.value] }),
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dcp-schema-\(UUID().uuidString).json")
        try Data(spec.compactString.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try await BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["python3", SharedVectors.repositoryFile("Testing/Scripts/dcp_check.py").path, file.path])
        #expect(run.stdout.contains("checked \(messages.count) messages"), "\(run.stdout) \(run.stderr)")
        return run.stdout
    }

    @Test("the specification's CredentialRequestMessage example is accepted, and jsonschema agrees")
    func exampleRequest() async throws {
        let example = try Self.example("credential-request-message.json")
        let request = try DCPCredentialRequest(body: Array(example.compactString.utf8), known: Self.known)
        #expect(request.holderPid == "holderPid")
        #expect(request.credentialIDs == ["d5c77b0e-7f4e-4fd5-8c5f-28b5fc3f96d1", "c0f81e68-6d35-4f9d-bc04-51e511b2e46c"])
        #expect(try await Self.schemaFindings([("issuance/credential-request-message-schema.json", example)]).contains(": 0 findings"))
    }

    /// Requests the schema refuses, each with the member our refusal names.
    static let schemaInvalid: [(String, JSONValue, String)] = [
        ("no @context", ["type": "CredentialRequestMessage", "holderPid": "h", "credentials": [["id": "d5c77b0e-7f4e-4fd5-8c5f-28b5fc3f96d1"]]], "@context"),
        (
            "a context without DCP's",
            ["@context": ["https://www.w3.org/ns/did/v1"], "type": "CredentialRequestMessage", "holderPid": "h", "credentials": []],
            "@context"
        ),
        ("no holderPid", ["@context": [.string(DCPMessage.context)], "type": "CredentialRequestMessage", "credentials": []], "holderPid"),
        (
            "a credential without id",
            ["@context": [.string(DCPMessage.context)], "type": "CredentialRequestMessage", "holderPid": "h", "credentials": [["x": 1]]],
            "credentials[0]"
        ),
        ("no type", ["@context": [.string(DCPMessage.context)], "holderPid": "h", "credentials": []], "type"),
    ]

    @Test("requests the schema refuses are refused, naming the member")
    func schemaInvalidRequests() async throws {
        for (label, body, member) in Self.schemaInvalid {
            #expect(throws: DCPRequestError.self, "\(label)") {
                try DCPCredentialRequest(body: Array(body.compactString.utf8), known: Self.known)
            }
            do {
                _ = try DCPCredentialRequest(body: Array(body.compactString.utf8), known: Self.known)
            } catch {
                #expect(error.description.contains(member), "\(label): \(error)")
            }
        }
        let output = try await Self.schemaFindings(Self.schemaInvalid.map { ("issuance/credential-request-message-schema.json", $0.1) })
        for index in Self.schemaInvalid.indices {
            #expect(output.contains("message \(index) "), "jsonschema accepted '\(Self.schemaInvalid[index].0)': \(output)")
        }
    }

    @Test("a request for a credential the issuer does not offer, an empty list, or a body that is not JSON is refused")
    func semanticRefusals() throws {
        let unknown: JSONValue = [
            "@context": [.string(DCPMessage.context)], "type": "CredentialRequestMessage", "holderPid": "h",
            "credentials": [["id": "membership"]],
        ]
        do {
            _ = try DCPCredentialRequest(body: Array(unknown.compactString.utf8), known: ["course"])
            Issue.record("an unknown credential was accepted")
        } catch {
            #expect(error.description.contains("membership"))
            #expect(error.description.contains("(offered: course)"))
        }
        #expect(throws: DCPRequestError.self) { try DCPCredentialRequest(body: Array("{".utf8), known: ["course"]) }
    }

    @Test("what the gateway sends validates: CredentialMessage (jwt and ldp), IssuerMetadata, CredentialStatus")
    func sentMessagesValidate() async throws {
        let object = DCPCredentialObject(
            id: "course-certificate-dcp", profile: "course-certificate-dcp", credentialType: "CourseCertificate",
            credentialSchema: "https://certbridge.example.org/contexts/certbridge-v1.jsonld", dcpProfile: "vc20-bssl/jwt")
        let messages: [(String, JSONValue)] = [
            (
                "issuance/credential-message-schema.json",
                DCPMessage.credential(issuerPid: "push-1", holderPid: nil, credentialType: "CourseCertificate", payload: "a.b.c", format: .jwt)
            ),
            (
                "issuance/credential-message-schema.json",
                DCPMessage.credential(issuerPid: "r1", holderPid: "h1", credentialType: "CourseCertificate", payload: "{}", format: .ldp)
            ),
            ("issuance/issuer-metadata-schema.json", DCPMessage.issuerMetadata(issuer: "did:web:certbridge.example.org", objects: [object])),
            ("issuance/credential-status-schema.json", DCPMessage.status(issuerPid: "r1", holderPid: "h1", status: .received)),
            ("issuance/credential-object-schema.json", object.json),
        ]
        let output = try await Self.schemaFindings(messages)
        #expect(output.contains(": 0 findings"), "\(output)")
        // And the check is not vacuous: a payload that is an object (not a string) is a finding.
        var wrong = messages[1].1
        if case .object(var message) = wrong {
            message["credentials"] = [["credentialType": "CourseCertificate", "payload": ["id": "x"], "format": "ldp"]]
            wrong = .object(message)
        }
        await #expect(!(try Self.schemaFindings([("issuance/credential-message-schema.json", wrong)])).contains(": 0 findings"))
    }
}
