import ArgumentParser
import Credentials
import Foundation
import LinkedData
import LinkedDataSuites

/// Options shared by `sign` and `verify` for the RDF-canonicalised suites.
struct LinkedDataOptions: ParsableArguments {
    @Option(
        name: .customLong("context"),
        help: ArgumentHelp(
            "An extra JSON-LD context for the RDF suites as URL=FILE; repeatable. Contexts are never fetched.",
            valueName: "url=file"))
    var contexts: [String] = []

    /// The registry with the JCS and RDF suites; the RDF suites see the bundled contexts plus
    /// the `--context` files.
    func registry() throws -> CryptosuiteRegistry {
        var store = ContextStore.bundled
        for entry in contexts {
            guard let separator = entry.firstIndex(of: "="), separator != entry.startIndex else {
                throw CommandFailure("--context '\(entry)': expected URL=FILE")
            }
            let url = String(entry[..<separator])
            let path = String(entry[entry.index(after: separator)...])
            do {
                store = try store.adding(url: url, data: try Data(contentsOf: URL(fileURLWithPath: path)))
            } catch let error as JSONLDError {
                throw CommandFailure("--context \(path): \(error)")
            } catch {
                throw CommandFailure("--context \(path): cannot read the file (\(error.localizedDescription))")
            }
        }
        return CryptosuiteRegistry.standard.registeringLinkedDataSuites(
            processor: JSONLDProcessor(options: .init(contexts: store)))
    }
}
