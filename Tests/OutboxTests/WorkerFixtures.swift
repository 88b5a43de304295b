import Certifier
import Outbox
import Foundation
import JSONCanonical
import ServeRig
import ServeStandIns
import TSGWallet
import NIOConcurrencyHelpers
import Secrets

/// A converter for worker tests: issued credentials with an e-mail become a VC whose id derives
/// from the Certifier id; drafts match no profile; a missing e-mail fails naming the field.
struct TestConverter: CredentialConverter {
    func convert(_ credential: JSONValue, previous: PreviousIssue?) async -> ConversionResult {
        guard let id = credential["id"]?.stringValue else { return .failed(reason: "missing field 'id'") }
        guard credential["status"]?.stringValue == "issued" else {
            return .noProfileMatched(reason: "no profile matches status '\(credential["status"]?.stringValue ?? "")'")
        }
        guard let email = credential["recipient"]?["email"]?.stringValue else {
            return .failed(reason: "profile course: required field 'recipient.email' is missing (credentialSubject.email)")
        }
        let vcId = "https://certbridge.example.org/credentials/\(id)"
        var vc = walletVC(vcId).objectValue ?? [:]
        vc["credentialSubject"] = ["id": "did:web:holder.example.org", "email": .string(email)]
        return .converted(ConvertedVC(vc: .object(vc), vcId: vcId, profile: "course"))
    }
}

func certifierCredential(_ id: String, status: String = "issued", email: String? = "a@example.com") -> JSONValue {
    var recipient: JSONObject = ["name": "Zoë"]
    if let email { recipient["email"] = .string(email) }
    return ["id": .string(id), "status": .string(status), "recipient": .object(recipient)]
}

/// Forwards to the wallet, counting how many imports run at once; for ids in `hangAfterSend`
/// it never returns after the wallet answered, like a process killed before saving the result.
final class ObservedDestination: CredentialDestination {
    let inner: any CredentialDestination
    let hangAfterSend: Set<String>
    private let counters = NIOLockedValueBox((current: 0, maximum: 0, hung: 0))

    init(_ inner: any CredentialDestination, hangAfterSend: Set<String> = []) {
        self.inner = inner
        self.hangAfterSend = hangAfterSend
    }

    var maximumConcurrent: Int { counters.withLockedValue { $0.maximum } }
    var hung: Int { counters.withLockedValue { $0.hung } }

    func deliver(_ vc: JSONValue, profile: String) async -> DeliveryOutcome {
        counters.withLockedValue { state in
            state.current += 1
            state.maximum = max(state.maximum, state.current)
        }
        defer { counters.withLockedValue { $0.current -= 1 } }
        try? await Task.sleep(for: .milliseconds(5))
        let outcome = await inner.deliver(vc, profile: profile)
        if let id = vc["id"]?.stringValue, hangAfterSend.contains(id) {
            counters.withLockedValue { $0.hung += 1 }
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(60)) }
            return .retryable(reason: "process killed", retryAfter: nil)
        }
        return outcome
    }
}

/// Certifier and wallet stand-ins, running, with clients pointed at them.
struct StandInEnvironment {
    let certifier: CertifierStandIn
    let wallet: WalletStandIn
    let certifierServer: RunningServer
    let walletServer: RunningServer
    let source: CertifierClient
    let destination: TSGWalletClient

    static func start(duplicates: WalletStandIn.DuplicatePolicy = .conflict) async throws -> StandInEnvironment {
        let certifier = CertifierStandIn(token: "certifier-token")
        let wallet = WalletStandIn(account: walletAccount, duplicates: duplicates)
        let certifierServer = try await certifier.start()
        let walletServer = try await wallet.start()
        return StandInEnvironment(
            certifier: certifier, wallet: wallet, certifierServer: certifierServer, walletServer: walletServer,
            source: CertifierClient(http: .shared, baseURL: certifierServer.baseURL, token: Secret("certifier-token")),
            destination: TSGWalletClient(
                http: .shared, baseURL: walletServer.baseURL, tokens: tokenProvider(walletServer)))
    }

    func stop() async {
        await certifierServer.stop()
        await walletServer.stop()
    }
}

let fastRetry = RetryPolicy(
    initialDelay: .milliseconds(20), maximumDelay: .milliseconds(100), jitter: 0.5, maximumAttempts: 6,
    maximumRetryAfter: .seconds(2))

/// Runs `worker` until `done()` holds or `timeout` passes, then stops it and waits.
func run(_ worker: DeliveryWorker, until done: @Sendable () async throws -> Bool, timeout: Duration = .seconds(20))
    async throws -> Bool
{
    let task = Task { await worker.run() }
    let deadline = ContinuousClock.now + timeout
    var reached = false
    while ContinuousClock.now < deadline {
        if try await done() {
            reached = true
            break
        }
        try await Task.sleep(for: .milliseconds(20))
    }
    worker.stop()
    await task.value
    return reached
}

func allTerminal(_ store: any OutboxStore) async throws -> Bool {
    let counts = try await store.counts()
    return JobState.pending.allSatisfy { counts[$0] == 0 }
}
