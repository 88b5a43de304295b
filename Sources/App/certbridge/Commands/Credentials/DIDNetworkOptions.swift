import ArgumentParser
import Credentials
import DIDResolution
import Foundation
import JSONCanonical
import Logging

/// `--allow-network`, `--trust-root` and `--offline` for `verify`: how issuers' did:web documents are
/// fetched (the gateway's guarded resolver, docs/SERVE.md#did_resolution) before the synchronous
/// verification runs on what was fetched.
struct DIDNetworkOptions: ParsableArguments {
    @Option(
        name: .customLong("allow-network"),
        help: ArgumentHelp("A network (CIDR) to fetch DID documents from despite the address policy; repeatable.", valueName: "cidr"))
    var allowNetworks: [String] = []

    @Option(
        name: .customLong("trust-root"),
        help: ArgumentHelp("A PEM file of CA certificates to trust besides the system's; repeatable.", valueName: "pem"))
    var trustRoots: [String] = []

    @Flag(name: .long, help: "Make no network access: did:web documents come only from --did-doc.")
    var offline = false

    func validate() throws {
        for text in allowNetworks {
            do { _ = try CIDR(parsing: text) } catch { throw ValidationError("--allow-network: \(error)") }
        }
    }

    /// Fetches the did:web documents the proofs of `documents` and of the `--status-list` files name
    /// (those not already in `resolver`, which came from --did-doc and win) and adds them; a DID that
    /// failed answers with its failure.
    func prefetch(for documents: [JSONValue], statusLists: [String] = [], into resolver: inout DIDResolver) async throws {
        // A list file that cannot be read is reported by StatusListOption.load; here it only adds no DID.
        let lists = statusLists.compactMap { option in
            option.firstIndex(of: "=").flatMap { separator in
                (try? Data(contentsOf: URL(fileURLWithPath: String(option[option.index(after: separator)...]))))
                    .flatMap { try? JSONValue(parsing: Array($0)) }
            }
        }
        let methods = (documents + lists).flatMap(Self.verificationMethods)
        guard !offline else { return }
        var settings = DIDResolutionSettings()
        settings.allowNetworks = allowNetworks.compactMap { try? CIDR(parsing: $0) }
        settings.trustRoots = trustRoots
        var logger = Logger(label: "certbridge.verify")
        // The verify output says what failed and why; the resolver's own log lines would repeat it.
        logger.logLevel = .error
        let client: GuardedHTTPClient
        do {
            client = try GuardedHTTPClient(settings: settings, logger: logger)
        } catch {
            throw CommandFailure("--trust-root: \(error)")
        }
        let network = NetworkDIDResolver(client: client, logger: logger)
        let (fetched, failures) = await network.prefetch(methods, skipping: Set(resolver.documents.keys))
        for document in fetched {
            do { try resolver.add(document) } catch { throw CommandFailure(error.description) }
        }
        if !failures.isEmpty {
            resolver.fallbacks.append(
                FailedResolutions(failures, hint: " (give its did.json with --did-doc, or see --allow-network and --trust-root)"))
        }
    }

    /// The `verificationMethod` of every proof of a credential (a proof object or an array of them).
    static func verificationMethods(of document: JSONValue) -> [String] {
        let proofs = document["proof"].map { $0.arrayValue ?? [$0] } ?? []
        return proofs.compactMap { $0["verificationMethod"]?.stringValue }
    }
}
