import Credentials
import Outbox
import Foundation
import JSONCanonical
import Pipeline
import ServeRig
import ServeStandIns

/// One demo run against a started rig and gateway: send, settle, verify, report.
struct DemoRun: Sendable {
    let rig: ServeRig
    let gateway: RunningGateway
    let examples: [DemoExample]
    let options: DemoOptions
    let workDirectory: DemoWorkDirectory

    /// A credential id no example uses, for the forged webhook.
    static let forgedCredentialId = "01demoforgedsignature00000"

    func report(keyNote: String) async throws(DemoError) -> DemoReport {
        let sent = try await sendWebhooks()
        try await settle()
        let (document, didPath) = try await issuerDocument()
        let jobs = try await outboxJobs()
        let verifier: DataIntegrityVerifier
        do {
            // The suites and JSON-LD contexts the profiles sign with (JsonWebSignature2020, eddsa-rdfc-2022, …).
            verifier = DataIntegrityVerifier(
                resolver: try DIDResolver(documents: [document]), registry: gateway.parts.setup.registries.w3c)
        } catch {
            throw .didDocument(error.description)
        }
        let credentials = examples.map { outcome(of: $0, job: jobs[$0.id], verifier: verifier) }
        let walletLines = credentials.compactMap { credential in
            credential.vcId.flatMap { rig.wallet.stored[$0] }.map { $0.compactString + "\n" }
        }
        try workDirectory.write("wallet.ndjson", walletLines.joined())
        try workDirectory.write("did.json", document.prettyString + "\n")
        let checks = sent.checks(
            examples: examples, jobs: jobs, fetchCount: rig.certifier.fetchCount,
            importCount: { rig.wallet.importCounts[$0] ?? 0 })
        let published = (try? DIDWeb(parsing: Demo.issuer).documentURL) ?? didPath
        return DemoReport(
            issuer: Demo.issuer,
            setup: [
                ("work dir", workDirectory.shown + " (config certbridge.yaml, outbox outbox.sqlite, secrets in files of mode 0600)"),
                ("key", keyNote),
                ("issuer", "\(Demo.issuer): did.json (published at \(published)) served by the gateway at \(gateway.baseURL)\(didPath)"),
                ("certifier", "stand-in at \(rig.certifierServer.baseURL) holding the \(examples.count) credentials of \(options.examples)"),
                ("wallet", "TSG wallet stand-in at \(rig.walletServer.baseURL) (OAuth2 password grant, /api/management/credentials/import)"),
                ("gateway", "\(gateway.baseURL): GatewayServer, the code of `certbridge serve`, profiles from \(options.profiles)"),
            ],
            checks: checks, credentials: credentials, walletFile: workDirectory.shown("wallet.ndjson"),
            verifyCommand: "certbridge verify \(workDirectory.shown("wallet.ndjson")) --did-doc \(workDirectory.shown("did.json"))"
                + " --contexts \(options.profiles)")
    }

    /// One `credential.created` per example, the first event again, and one with a forged signature.
    private func sendWebhooks() async throws(DemoError) -> SentWebhooks {
        let sender = gateway.webhook
        do {
            var statuses: [Int] = []
            for (index, example) in examples.enumerated() {
                statuses.append(try await sender.post(eventId: Self.eventId(index), credentialId: example.id))
            }
            let repeated = try await sender.post(eventId: Self.eventId(0), credentialId: examples[0].id)
            let body = Array(WebhookSender.envelope(id: "demo-forged", credentialId: Self.forgedCredentialId).compactString.utf8)
            let forgery = WebhookSender(url: "", secret: "a secret that is not the webhook secret").signature(body)
            let forged = try await sender.post(body, signature: .some(forgery))
            return SentWebhooks(statuses: statuses, repeated: repeated, forged: forged)
        } catch {
            throw .gateway("posting a webhook failed: \(error)")
        }
    }

    static func eventId(_ index: Int) -> String { "demo-\(index + 1)" }

    /// Waits, bounded by the timeout, until no job is pending.
    private func settle() async throws(DemoError) {
        let deadline = ContinuousClock.now + options.timeout
        do {
            while true {
                if try await gateway.allSettled() { return }
                if ContinuousClock.now >= deadline { break }
                try await Task.sleep(for: .milliseconds(50))
            }
        } catch {
            throw .gateway("reading the outbox failed: \(error)")
        }
        let pending = (try? await gateway.server.store.jobs(state: nil, limit: 10_000).filter { !$0.state.isTerminal }) ?? []
        throw .timeout(
            seconds: Int(options.timeout.components.seconds),
            pending: pending.map { job in
                "job \(job.id) credential \(job.sourceId): \(job.state), \(job.attempts) failed attempts"
                    + (job.lastError.map { ", last error: \($0)" } ?? "")
            })
    }

    /// The did.json at the path the did:web method gives the issuer, from the gateway.
    private func issuerDocument() async throws(DemoError) -> (JSONValue, String) {
        let path: String
        do {
            let url = try DIDWeb(parsing: Demo.issuer).documentURL
            path = URL(string: url)?.path ?? "/.well-known/did.json"
        } catch {
            throw .didDocument(error.description)
        }
        let answer: (status: Int, body: String)
        do {
            answer = try await gateway.get(path)
        } catch {
            throw .didDocument("GET \(gateway.baseURL)\(path) failed: \(error)")
        }
        guard answer.status == 200 else { throw .didDocument("GET \(gateway.baseURL)\(path) answered \(answer.status)") }
        guard let document = try? JSONValue(parsing: answer.body), document["id"]?.stringValue == Demo.issuer else {
            throw .didDocument("GET \(gateway.baseURL)\(path) is not a DID document with id \(Demo.issuer)")
        }
        return (document, path)
    }

    private func outboxJobs() async throws(DemoError) -> [String: DeliveryJob] {
        do {
            let jobs = try await gateway.server.store.jobs(state: nil, limit: 10_000)
            return Dictionary(jobs.map { ($0.sourceId, $0) }, uniquingKeysWith: { first, _ in first })
        } catch {
            throw .gateway("reading the outbox failed: \(error)")
        }
    }

    /// The example's outbox state and, for the VC the wallet holds, the verifier's result.
    private func outcome(of example: DemoExample, job: DeliveryJob?, verifier: DataIntegrityVerifier) -> DemoReport.Credential {
        let target = job?.profile.flatMap { gateway.parts.pipeline.profiles.profile(named: $0)?.target.rawValue }
        var verification: Result<String, DemoReport.Failure>?
        if let vcId = job?.vcId, let received = rig.wallet.stored[vcId] {
            do {
                let verified = try verifier.verify(received)
                if verified.issuerDID == Demo.issuer {
                    verification = .success(verified.proofs.map(\.description).joined(separator: ", "))
                } else {
                    verification = .failure(.init(reason: "issuer \(verified.issuerDID ?? "(none)") is not \(Demo.issuer)"))
                }
            } catch {
                verification = .failure(.init(reason: error.description))
            }
        }
        return DemoReport.Credential(
            sourceId: example.id, profile: job?.profile, target: target, state: job?.state, reason: job?.lastError,
            receipt: job?.receipt, vcId: job?.vcId, verification: verification)
    }
}
