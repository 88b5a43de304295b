import Certifier
import Foundation
import JSONCanonical
import Mapping
import Secrets

extension FuzzTargets {
    /// The webhook door: the `X-Webhook-Signature` check on the first line of the input (the
    /// header), then the envelope decoded from the rest (the body). A decoded envelope encodes
    /// and decodes back to itself, and its outbox event carries its ids.
    static let webhook = FuzzTarget(
        "webhook", "first line = X-Webhook-Signature, rest = body: only the body's own HMAC verifies; an envelope re-encodes to itself and becomes its outbox event"
    ) { input throws(FuzzFinding) in
        let newline = input.firstIndex(of: UInt8(ascii: "\n")) ?? input.endIndex
        let header = String(decoding: input[..<newline], as: UTF8.self)
        let body = Array(input[min(newline + 1, input.endIndex)...])
        let verifier = WebhookSignatureVerifier(secret: Secret("fuzz-webhook-secret"))
        let expected = verifier.signature(for: body)
        if (try? verifier.verify(body: body, header: header)) != nil {
            let digest = header.trimmingCharacters(in: .whitespaces).lowercased()
            try expect(digest == expected || digest == "sha256=" + expected, "webhook", "the header '\(header.prefix(80))' verifies but is not the body's HMAC")
        }
        try expect((try? verifier.verify(body: body, header: expected)) != nil, "webhook", "the body's own HMAC does not verify")
        guard let envelope = try? WebhookEnvelope.decode(body) else { return }
        let encoded: Data
        do {
            encoded = try JSONEncoder().encode(envelope)
        } catch {
            throw FuzzFinding(target: "webhook", property: "a decoded envelope does not encode: \(error)")
        }
        try expect((try? WebhookEnvelope.decode(Array(encoded))) == envelope, "webhook", "the envelope does not decode back to itself from its encoding")
        let event = envelope.sourceEvent
        try expect(
            event.id == envelope.id && event.sourceId == envelope.data.resource.id && event.actsOnDocument == envelope.isCredentialEvent,
            "webhook", "the outbox event does not carry the envelope's ids")
    }

    /// A Certifier credential as `GET /v1/credentials/{id}` (and a list page) returns it, then
    /// what the gateway does with it: select a bundled profile and render the unsigned VC. The
    /// kept document is the parsed body, the decoded id is its `id`, and a rendered VC round-trips.
    static let certifierCredential = FuzzTarget(
        "certifier-credential", "Certifier credential and list page decoding, then profile selection and rendering with mappings/: the VC's JSON round-trips"
    ) { input throws(FuzzFinding) in
        if let page = try? CertifierClient.decodePage(input) {
            try expect(page.credentials.count == page.documents.count, "certifier-credential", "a page decodes \(page.credentials.count) credentials from \(page.documents.count) documents")
        }
        guard let fetched = try? CertifierClient.decodeCredential(input) else { return }
        try expect((try? JSONParser().parse(input)) == fetched.document, "certifier-credential", "the kept document is not the parsed body")
        try expect(fetched.document["id"]?.stringValue == fetched.credential.id, "certifier-credential", "the decoded id is not the document's 'id'")
        let profiles: ProfileSet
        switch bundledProfiles {
        case .success(let set): profiles = set
        case .failure(let error): throw FuzzFinding(target: "certifier-credential", property: "the bundled profiles in mappings/ do not load: \(error)")
        }
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        guard let selected = profiles.select(for: fetched.document, now: now) else { return }
        guard let rendered = try? selected.render(fetched.document, issuer: "did:web:issuer.example", now: now) else { return }
        try expectRoundTrip(rendered, target: "certifier-credential")
    }

    /// The repository's mappings/ (the profiles the gateway ships with), found from this file's
    /// path; `CERTBRIDGE_FUZZ_MAPPINGS` points elsewhere.
    static let bundledProfiles: Result<ProfileSet, ProfileLoadError> = {
        let directory: URL
        if let override = ProcessInfo.processInfo.environment["CERTBRIDGE_FUZZ_MAPPINGS"] {
            directory = URL(fileURLWithPath: override)
        } else {
            directory = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("mappings")
        }
        return Result { () throws(ProfileLoadError) in try ProfileLoader.load(directory: directory) }
    }()
}
