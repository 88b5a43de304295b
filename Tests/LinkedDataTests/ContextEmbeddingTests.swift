import Foundation
import LinkedData
import TestSupport
import Testing

/// The JSON-LD contexts are compiled into the binary (scripts/generate-contexts.sh); these tests
/// keep the generated file in step with the Contexts folder it is generated from.
@Suite("Compiled-in JSON-LD contexts")
struct ContextEmbeddingTests {
    static let folder = "Sources/Standards/LinkedData/Contexts"

    @Test("every file of the Contexts folder is compiled in byte for byte, and nothing else")
    func generatedFileMatchesFolder() throws {
        let folder = SharedVectors.repositoryFile(Self.folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(ContextStore.embeddedFileNames == names, "run scripts/generate-contexts.sh")
        for name in names {
            let onDisk = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            #expect(ContextStore.embeddedBytes(file: name) == onDisk, "\(name) differs: run scripts/generate-contexts.sh")
        }
    }

    @Test("every bundled URL resolves from the compiled-in bytes, with no files beside the binary")
    func bundledStoreNeedsNoFiles() throws {
        #expect(Set(ContextStore.bundledFiles.map(\.file)) == Set(ContextStore.embeddedFileNames))
        for entry in ContextStore.bundledFiles {
            #expect(throws: Never.self, "\(entry.url)") { try ContextStore.bundled.context(for: entry.url) }
        }
    }
}
