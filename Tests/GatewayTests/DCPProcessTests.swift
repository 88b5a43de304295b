import AsyncHTTPClient
import Composition
import Credentials
import DCPHolderStandIn
import Foundation
import JSONCanonical
import Outbox
import ServeStandIns
import StatusList
import TestCertificates
import Testing
import TestSupport

/// DCP delivery against the real `certbridge serve` binary: a DCP holder stand-in serves its
/// did:web over HTTPS on loopback with a test CA the gateway trusts through `did_resolution`,
/// checks tokens and VCs as TSG's holder does, and drives the specification's request flow.
/// What the gateway sends is also checked with implementations we did not write (jsonschema
/// against the DCP schemas, joserfc for the ID tokens and VC-JWTs).
@Suite("DCP delivery through certbridge serve", .serialized)
struct DCPProcessTests {
    static let publicURL = "https://certbridge.example.org"
    static let group = "01hdcp0000000000000000000a"

    /// A copy of mappings/ with a VC 2.0 profile for DCP holders (Bitstring Status List, holder DID from custom.did).
    static func profiles() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-dcp-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: SharedVectors.repositoryFile("mappings"), to: folder)
        let profile = """
            name: course-certificate-dcp
            extends: certifier-base
            priority: 20
            match:
              groupId: \(group)
              status: issued
            vc: "2.0"
            target: dcp
            namespace: 5b0c7a4e-3c1d-4f6e-9a2b-7d8e9f0a1b2c
            context:
              - https://www.w3.org/ns/credentials/v2
              - https://certbridge.example.org/contexts/certbridge-v1.jsonld
            type: [VerifiableCredential, CertifierCredential, CourseCertificate]
            id: 'https://certbridge.example.org/credentials/{{ uuid5(namespace, id) }}{{ if(revision > 0, concat("-r", revision), "") }}'
            validFrom: '{{ dateTime(issueDate) }}'
            validUntil: '{{ dateTime(addDays(issueDate, 3650)) }}'
            credentialSubject:
              id: '{{ required(customAttributes["custom.did"]) }}'
            status:
              purposes: [revocation]
              list: dcp

            """
        try Data(profile.utf8).write(to: folder.appendingPathComponent("course-certificate-dcp.yaml"))
        return folder
    }

    /// The configuration sections for DCP: the destination, status lists, and resolution that
    /// trusts the test CA and (unless `allowLoopback` is false) loopback addresses.
    static func extra(format: String = "jwt", authority: TestCertificateAuthority, allowLoopback: Bool = true) -> String {
        """
        public_url: \(publicURL)
        status:
          publish_interval: 100ms
        destinations:
          dcp:
            format: \(format)
        did_resolution:
          trust_roots: [\(authority.caPath)]
        \(allowLoopback ? "  allow_networks: [127.0.0.0/8]" : "")

        """
    }

    /// A Certifier credential the DCP profile converts, for `holder`.
    static func credential(_ id: String, holder: String) -> JSONValue {
        var document = tsgCredential(id, did: holder)
        if case .object(var object) = document {
            object["groupId"] = .string(group)
            document = .object(object)
        }
        return document
    }

    /// A running gateway process with its harness, holders and CA.
    struct Run {
        let harness: ServeHarness
        let serve: ServeProcess
        let authority: TestCertificateAuthority
        let issuerDocument: JSONValue
        let store: SQLiteOutboxStore
        let profiles: URL

        var base: String { "http://127.0.0.1:\(serve.port)" }

        func stop() async {
            serve.command.signal(SIGTERM)
            _ = try? await serve.waitForExit(timeout: .seconds(20))
            await harness.stop()
            authority.remove()
            try? FileManager.default.removeItem(at: profiles)
        }

        /// The job of a Certifier credential, once it is in `state`.
        func job(_ sourceId: String, until states: Set<JobState>, timeout: Duration = .seconds(30)) async throws -> DeliveryJob? {
            var found: DeliveryJob?
            try await DCPProcessTests.waitFor("job \(sourceId) reaches \(states)", timeout: timeout) {
                found = try await store.jobs(sourceIds: [sourceId]).first
                return found.map { states.contains($0.state) } ?? false
            }
            return found
        }
    }

    /// Starts the CA, the gateway process and its stand-ins; holders are started by the test with `issuerDocument`.
    static func start(format: String = "jwt", allowLoopback: Bool = true) async throws -> Run {
        let authority = try TestCertificateAuthority.make()
        let profiles = try Self.profiles()
        let harness = try await ServeHarness(
            profiles: profiles.path, extra: Self.extra(format: format, authority: authority, allowLoopback: allowLoopback))
        let key = try SigningKey.load(from: harness.directory.appendingPathComponent("issuer.jwk").path)
        let issuerDocument = try DIDWeb(parsing: "did:web:certbridge.example.org").document(for: key.publicKey)
        let serve = try await ServeProcess.start(binary: try BuiltExecutable.url("certbridge"), config: harness.configPath)
        let store = try SQLiteOutboxStore(path: try GatewayConfiguration.storePath(configurationFile: harness.configPath))
        return Run(harness: harness, serve: serve, authority: authority, issuerDocument: issuerDocument, store: store, profiles: profiles)
    }

    static func waitFor(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
        try await LifecycleProcessTests.waitFor(what, timeout: timeout, condition)
    }

    /// Runs Testing/Scripts/dcp_check.py over messages and tokens; returns its findings (empty when clean).
    static func externalCheck(messages: [(schema: String, value: JSONValue)], tokens: [(jwt: String, jwk: JSONValue, audience: String, kind: String)])
        async throws -> String
    {
        let spec: JSONValue = [
            "schemas": .string(SharedVectors.url("dcp").path),
            "messages": .array(messages.map { ["schema": .string($0.schema), "value": $0.value] }),
            "tokens": .array(tokens.map { ["jwt": .string($0.jwt), "jwk": $0.jwk, "audience": .string($0.audience), "kind": .string($0.kind)] }),
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dcp-check-\(UUID().uuidString).json")
        try Data(spec.compactString.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = SharedVectors.repositoryFile("Testing/Scripts/dcp_check.py").path
        let run = try await BuiltExecutable.run(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", script, file.path])
        #expect(run.stdout.contains("checked \(messages.count) messages and \(tokens.count) tokens"), "\(run.stdout) \(run.stderr)")
        return run.status == 0 ? "" : run.stdout + run.stderr
    }

    /// The issuer's public JWK, from its DID document.
    static func issuerJWK(_ document: JSONValue) async throws -> JSONValue {
        try #require(document["verificationMethod"]?.arrayValue?.first?["publicKeyJwk"])
    }

    @Test("an unrequested push: the holder stores a VC-JWT with its status entry; messages, token and VC pass jsonschema and joserfc")
    func push() async throws {
        let run = try await Self.start()
        defer { Task { await run.stop() } }
        let holder = try await DCPHolderStandIn.start(authority: run.authority, name: "alice", issuerDocuments: [run.issuerDocument])
        defer { Task { await holder.stop() } }
        run.harness.certifier.put(Self.credential("01dcp1", holder: holder.did))
        #expect(try await run.serve.webhook.post(eventId: "e1", credentialId: "01dcp1") == 202)
        let job = try #require(try await run.job("01dcp1", until: [.delivered, .dead]))
        #expect(job.state == .delivered, "\(job.lastError ?? "")")
        let received = try #require(holder.received.first)
        #expect(holder.refusals.isEmpty)
        let message = received.message
        #expect(message["holderPid"] == nil)
        #expect(message["issuerPid"]?.stringValue?.hasPrefix("push-") == true)
        let container = try #require(message["credentials"]?.arrayValue?.first)
        #expect(container["format"]?.stringValue == "jwt")
        #expect(container["credentialType"]?.stringValue == "CourseCertificate")
        let vc = try #require(received.credentials.first)
        #expect(vc["credentialSubject"]?["id"]?.stringValue == holder.did)
        #expect(vc["issuer"]?.stringValue == "did:web:certbridge.example.org")
        let status = try #require(try StatusListEntry.entries(of: vc).first)
        #expect(status.id == "\(Self.publicURL)/status/dcp-revocation-1#\(status.index)")
        // The outbox holds the compact JWT the holder got.
        let payload = try #require(container["payload"]?.stringValue)
        #expect(job.vc == .string(payload))
        #expect(received.claims.audience == [holder.did])

        // The issuer service publishes its metadata, and the did.json names it.
        let metadata = try await holder.send(.GET, run.base + "/dcp/metadata", token: nil, body: nil)
        #expect(metadata.status == 200)
        let objects = try #require(metadata.body?["credentialsSupported"]?.arrayValue)
        #expect(objects.map { $0["id"]?.stringValue } == ["course-certificate-dcp"])
        #expect(objects.first?["profile"]?.stringValue == "vc20-bssl/jwt")
        let did = try await holder.send(.GET, run.base + "/.well-known/did.json", token: nil, body: nil)
        let service = try #require(did.body?["service"]?.arrayValue?.first)
        #expect(service["type"]?.stringValue == "IssuerService")
        #expect(service["serviceEndpoint"]?.stringValue == Self.publicURL + "/dcp")

        let jwk = try await Self.issuerJWK(run.issuerDocument)
        let findings = try await Self.externalCheck(
            messages: [
                ("issuance/credential-message-schema.json", message),
                ("issuance/issuer-metadata-schema.json", try #require(metadata.body)),
            ],
            tokens: [(received.idToken, jwk, holder.did, "id-token"), (payload, jwk, holder.did, "vc-jwt")])
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test("429 and 503 with Retry-After are retried until the holder stores the VC")
    func retries() async throws {
        let run = try await Self.start()
        defer { Task { await run.stop() } }
        let holder = try await DCPHolderStandIn.start(authority: run.authority, name: "bob", issuerDocuments: [run.issuerDocument])
        defer { Task { await holder.stop() } }
        holder.fail(.init(status: 429, retryAfter: 1), .init(status: 503, retryAfter: 1))
        run.harness.certifier.put(Self.credential("01dcp2", holder: holder.did))
        #expect(try await run.serve.webhook.post(eventId: "e2", credentialId: "01dcp2") == 202)
        let job = try #require(try await run.job("01dcp2", until: [.delivered, .dead], timeout: .seconds(60)))
        #expect(job.state == .delivered, "\(job.lastError ?? "")")
        // Both failures were answered, then the VC was stored. At least once: on a loaded machine a
        // write can outlast the gateway's timeout and be sent again, always the same VC.
        #expect(holder.posts >= 3)
        #expect(!holder.received.isEmpty)
        #expect(Set(holder.received.compactMap { $0.credentials.first?["id"] }).count == 1)
    }

    @Test("refusals are dead letters with the reason: wrong aud, expired token, no CredentialService; an unreachable holder is retried")
    func refusals() async throws {
        let run = try await Self.start()
        defer { Task { await run.stop() } }
        var misaddressed = DCPHolderStandIn.Behaviour()
        misaddressed.expectedAudience = "did:web:someone-else.example"
        var skewed = DCPHolderStandIn.Behaviour()
        skewed.clockOffset = 3600
        var serviceless = DCPHolderStandIn.Behaviour()
        serviceless.publishesCredentialService = false
        var unreachable = DCPHolderStandIn.Behaviour()
        unreachable.serviceEndpointOverride = "https://localhost:1/dcp"
        var holders: [DCPHolderStandIn] = []
        for (name, behaviour) in [("carol", misaddressed), ("dave", skewed), ("erin", serviceless), ("frank", unreachable)] {
            holders.append(
                try await DCPHolderStandIn.start(
                    authority: run.authority, name: name, issuerDocuments: [run.issuerDocument], behaviour: behaviour))
        }
        let started = holders
        defer { Task { for holder in started { await holder.stop() } } }
        for (index, holder) in holders.enumerated() {
            run.harness.certifier.put(Self.credential("01dcpr\(index)", holder: holder.did))
            #expect(try await run.serve.webhook.post(eventId: "er\(index)", credentialId: "01dcpr\(index)") == 202)
        }
        let wrongAudience = try #require(try await run.job("01dcpr0", until: [.dead, .delivered]))
        #expect(wrongAudience.state == .dead)
        #expect(wrongAudience.lastError?.contains("HTTP 401") == true, "\(wrongAudience.lastError ?? "")")
        #expect(wrongAudience.lastError?.contains("aud") == true, "\(wrongAudience.lastError ?? "")")
        let expired = try #require(try await run.job("01dcpr1", until: [.dead, .delivered]))
        #expect(expired.state == .dead)
        #expect(expired.lastError?.contains("exp") == true, "\(expired.lastError ?? "")")
        let noService = try #require(try await run.job("01dcpr2", until: [.dead, .delivered]))
        #expect(noService.state == .dead)
        #expect(noService.lastError?.contains("no service of type CredentialService") == true, "\(noService.lastError ?? "")")
        // Unreachable: retried (the job stays signed, its error says why), never dead at once.
        var unreachableJob: DeliveryJob?
        try await Self.waitFor("the unreachable holder's first attempt fails") {
            unreachableJob = try await run.store.jobs(sourceIds: ["01dcpr3"]).first
            return unreachableJob?.lastError != nil
        }
        #expect(unreachableJob?.state == .signed)
        #expect(unreachableJob?.lastError?.contains("localhost:1") == true, "\(unreachableJob?.lastError ?? "")")
        #expect(holders.allSatisfy { $0.received.isEmpty })
    }

    @Test("a holder DID that resolves to a loopback address is refused when loopback is not allowed, naming the DID and the rule")
    func privateAddressRefused() async throws {
        let run = try await Self.start(allowLoopback: false)
        defer { Task { await run.stop() } }
        let holder = try await DCPHolderStandIn.start(authority: run.authority, name: "gina", issuerDocuments: [run.issuerDocument])
        defer { Task { await holder.stop() } }
        run.harness.certifier.put(Self.credential("01dcp4", holder: holder.did))
        #expect(try await run.serve.webhook.post(eventId: "e4", credentialId: "01dcp4") == 202)
        let job = try #require(try await run.job("01dcp4", until: [.dead, .delivered]))
        #expect(job.state == .dead)
        #expect(job.lastError?.contains(holder.did) == true, "\(job.lastError ?? "")")
        #expect(job.lastError?.contains("loopback-address") == true, "\(job.lastError ?? "")")
        #expect(holder.posts == 0)
    }

    @Test("the specification's flow: a request before the certificate exists is answered 201, issued when it arrives, and a later request re-sends it")
    func requestFlow() async throws {
        let run = try await Self.start(format: "ldp")
        defer { Task { await run.stop() } }
        let holder = try await DCPHolderStandIn.start(authority: run.authority, name: "hana", issuerDocuments: [run.issuerDocument])
        defer { Task { await holder.stop() } }
        let issuer = "did:web:certbridge.example.org"
        let service = run.base + "/dcp"

        // Refusals first: no token, an unknown credential, a token for another audience, a replayed token.
        #expect(try await holder.send(.POST, service + "/credentials", token: nil, body: ["type": "x"]).status == 401)
        let unknown = try await holder.requestCredentials(issuerService: service, issuerDID: issuer, credentialIDs: ["nope"])
        #expect(unknown.status == 400)
        #expect(unknown.body?["error_description"]?.stringValue?.contains("nope") == true)
        let foreign = try await holder.idToken(audience: "did:web:other.example")
        #expect(try await holder.send(.GET, service + "/requests/x", token: foreign, body: nil).status == 401)
        let once = try await holder.idToken(audience: issuer)
        #expect(try await holder.send(.GET, service + "/requests/x", token: once, body: nil).status == 404)
        let replay = try await holder.send(.GET, service + "/requests/x", token: once, body: nil)
        #expect(replay.status == 401)
        #expect(replay.body?["error_description"]?.stringValue?.contains("used before") == true)

        // A request before the certificate exists: 201, Location, RECEIVED.
        let answer = try await holder.requestCredentials(
            issuerService: service, issuerDID: issuer, credentialIDs: ["course-certificate-dcp"], holderPid: "holder-req-1")
        #expect(answer.status == 201)
        let location = try #require(answer.location)
        #expect(location.hasPrefix(Self.publicURL + "/dcp/requests/"))
        let statusURL = location.replacingOccurrences(of: Self.publicURL, with: run.base)
        #expect(try await holder.status(at: statusURL, issuerDID: issuer).body?["status"]?.stringValue == "RECEIVED")

        // The certificate arrives: it is written with the request's holderPid and the holder's access token.
        run.harness.certifier.put(Self.credential("01dcp5", holder: holder.did))
        #expect(try await run.serve.webhook.post(eventId: "e5", credentialId: "01dcp5") == 202)
        let job = try #require(try await run.job("01dcp5", until: [.delivered, .dead]))
        #expect(job.state == .delivered, "\(job.lastError ?? "")")
        let first = try #require(holder.received.first)
        #expect(first.message["holderPid"]?.stringValue == "holder-req-1")
        #expect(first.claims.all["token"]?.stringValue?.hasPrefix("access-") == true)
        let container = try #require(first.message["credentials"]?.arrayValue?.first)
        #expect(container["format"]?.stringValue == "ldp")
        #expect(first.credentials.first?["proof"] != nil)
        try await Self.waitFor("the request is ISSUED") {
            try await holder.status(at: statusURL, issuerDID: issuer).body?["status"]?.stringValue == "ISSUED"
        }

        // A later request for the same credential sends the stored VC again, under the new request.
        let again = try await holder.requestCredentials(
            issuerService: service, issuerDID: issuer, credentialIDs: ["course-certificate-dcp"], holderPid: "holder-req-2")
        #expect(again.status == 201)
        try await Self.waitFor("the VC is sent again for the second request") { holder.received.count == 2 }
        #expect(holder.received.last?.message["holderPid"]?.stringValue == "holder-req-2")
        #expect(holder.received.last?.credentials.first?["id"] == first.credentials.first?["id"])
        #expect(holder.refusals.isEmpty, "\(holder.refusals)")

        let findings = try await Self.externalCheck(
            messages: [
                ("issuance/credential-message-schema.json", first.message),
                ("issuance/credential-status-schema.json", try #require(answer.body)),
            ],
            tokens: await [(first.idToken, try Self.issuerJWK(run.issuerDocument), holder.did, "id-token")])
        #expect(findings.isEmpty, "\(findings)")
    }
}
