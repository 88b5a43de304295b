import ArgumentParser
import Credentials
import Foundation
import LinkedData
import LinkedDataSuites
import Mapping
import Pipeline

/// Options shared by `sign`, `verify` and `convert` for the RDF-canonicalised suites.
struct LinkedDataOptions: ParsableArguments {
    @Option(
        name: .customLong("context"),
        help: ArgumentHelp(
            "An extra JSON-LD context for the RDF suites as URL=FILE; repeatable. Contexts are never fetched.",
            valueName: "url=file"))
    var contexts: [String] = []

    @Option(
        name: .customLong("contexts"),
        help: ArgumentHelp(
            "A folder of JSON-LD contexts with an index.yaml (URL: file), or a profiles folder with contexts/index.yaml; repeatable.",
            valueName: "dir"))
    var contextDirectories: [String] = []

    /// The contexts the RDF suites see: the bundled ones, then `catalog` (a profile directory's
    /// contexts), the `--contexts` folders and the `--context` files. The registry itself is built
    /// by the composition root (``Cryptosuites``) over this store.
    func contextStore(adding catalog: ContextCatalog = ContextCatalog()) throws -> ContextStore {
        var store = ContextStore.bundled.adding(catalog)
        for directory in contextDirectories {
            store = store.adding(try Self.catalog(in: directory))
        }
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
        return store
    }

    /// The catalog of a contexts folder, or of a profiles folder's `contexts/`.
    static func catalog(in directory: String) throws -> ContextCatalog {
        let base = URL(fileURLWithPath: directory)
        for folder in [base, base.appendingPathComponent("contexts")]
        where FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.yaml").path) {
            let catalog = ContextCatalog(directory: folder)
            guard !catalog.documents.isEmpty else {
                throw CommandFailure("--contexts \(directory): \(folder.path)/index.yaml names no readable context file")
            }
            return catalog
        }
        throw CommandFailure("--contexts \(directory): no index.yaml there or in its contexts/ folder")
    }
}
