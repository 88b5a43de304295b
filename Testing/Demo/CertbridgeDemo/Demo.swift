import Credentials
import Foundation
import JSONCanonical
import ServeRig
import ServeStandIns

/// `certbridge-demo`: the webhook-to-wallet path on the bundled examples, on 127.0.0.1 only.
///
/// Stand-ins play Certifier (holding the examples) and the TSG wallet; the gateway is the real
/// `GatewayServer` that `certbridge serve` runs, configured through a `certbridge.yaml` in the
/// work directory.
public enum Demo {
    /// The demo issuer. The gateway serves its did.json at `/.well-known/did.json`, the path the
    /// did:web method gives this DID, and only that document is used to verify.
    public static let issuer = "did:web:certbridge.example.org"

    /// Runs the demo and reports; throws only when it cannot get as far as a report.
    public static func run(_ options: DemoOptions) async throws(DemoError) -> DemoReport {
        let examples = try DemoInputs.examples(options.examples)
        let profiles = DemoOptions.absolute(options.profiles)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: profiles.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingInput(what: "profiles directory", path: options.profiles)
        }
        let workDirectory = try DemoWorkDirectory(options.directory)
        let keyNote = try workDirectory.ensureKey()
        let secrets = RigSecrets.random()
        let rig: ServeRig
        let gateway: RunningGateway
        do {
            rig = try await ServeRig(
                directory: workDirectory.url, profiles: profiles.path, issuer: issuer, secrets: secrets,
                wallet: WalletStandIn(account: secrets.walletAccount))
        } catch {
            throw .startup(String(describing: error))
        }
        for example in examples { rig.certifier.put(example.document) }
        do {
            gateway = try await rig.startGateway()
        } catch {
            await rig.stop()
            throw .startup(String(describing: error))
        }
        let run = DemoRun(rig: rig, gateway: gateway, examples: examples, options: options, workDirectory: workDirectory)
        let outcome: Result<DemoReport, DemoError>
        do {
            outcome = .success(try await run.report(keyNote: keyNote))
        } catch {
            outcome = .failure(error)
        }
        try? await gateway.stop()
        await rig.stop()
        return try outcome.get()
    }
}
