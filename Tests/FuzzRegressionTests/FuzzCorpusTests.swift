import Foundation
import FuzzTargets
import Testing
import TestSupport

/// Every committed fuzz input (the seed corpora and the crash inputs kept as regressions) through
/// the same target functions libFuzzer runs, uninstrumented: a property that breaks fails here in
/// the normal `swift test` run, not only under the fuzzer (docs/FUZZING.md).
/// Serialized: each target's inputs run on a thread outside the concurrency pool, CPU-bound; run
/// side by side, fourteen such threads would starve the pool's two threads on a 2-core machine and
/// with them every async test running beside this suite.
@Suite(.serialized) struct FuzzCorpusTests {
    static let fuzzFolder = SharedVectors.packageRoot.appendingPathComponent("Fuzz")

    /// The files of `Fuzz/<kind>/<target>/`, sorted; none when the folder is absent.
    static func inputs(_ kind: String, _ target: String) -> [URL] {
        let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Runs one input on a thread of its own: the JWT targets wait for async verification with a
    /// semaphore, which must not block one of the cooperative pool's few threads (tests run there).
    static func run(_ target: FuzzTarget, _ input: [UInt8]) async -> FuzzFinding? {
        await withCheckedContinuation { (continuation: CheckedContinuation<FuzzFinding?, Never>) in
            Thread {
                do throws(FuzzFinding) {
                    try target.run(input)
                    continuation.resume(returning: nil)
                } catch {
                    continuation.resume(returning: error)
                }
            }.start()
        }
    }

    @Test("the seed corpus and the regression inputs of each target keep its properties", arguments: FuzzTargets.names)
    func committedInputsHold(_ name: String) async throws {
        let target = try #require(FuzzTargets.named(name))
        let files = Self.inputs("Corpora", name) + Self.inputs("Regressions", name)
        #expect(!files.isEmpty, "Fuzz/Corpora/\(name)/ holds no seeds")
        for file in files {
            let input = try [UInt8](Data(contentsOf: file))
            if let finding = await Self.run(target, input) {
                Issue.record("\(file.lastPathComponent): \(finding)")
            }
        }
    }

    @Test("every corpus and regression folder belongs to a target")
    func foldersNameTargets() throws {
        for kind in ["Corpora", "Regressions"] {
            let folder = Self.fuzzFolder.appendingPathComponent(kind)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names where !name.hasPrefix(".") {
                #expect(FuzzTargets.named(name) != nil, "Fuzz/\(kind)/\(name) names no target (known: \(FuzzTargets.names))")
            }
        }
    }
}
