import Foundation
import Testing
import TestSupport

/// `convert` reads NDJSON line by line: its peak memory does not grow with the number of lines.
@Suite("convert streams NDJSON in constant memory")
struct ConvertStreamingTests {
    /// Runs the binary on an NDJSON file of `lines` credentials and returns its peak resident set
    /// (VmHWM, read from /proc while it runs; the kernel keeps the high-water mark, so late reads hold it).
    func peakMemory(lines: Int) async throws -> Int {
        let examples = try String(contentsOf: SharedVectors.repositoryFile("Examples/certifier-credentials.ndjson"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-stream-\(UUID().uuidString).ndjson")
        var text = ""
        for index in 0..<lines { text += examples[index % examples.count] + "\n" }
        try text.write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }

        let command = try BuiltExecutable.start(
            "certbridge",
            arguments: ["convert", input.path, "--profiles", SharedVectors.repositoryFile("mappings").path,
                "--no-sign", "--issuer", "did:web:x", "--out", "/dev/null"],
            environment: Self.environmentMeasuringConvertAlone())
        // Sampled on a thread of its own: a poll on the concurrency pool can be held up for seconds
        // by other suites on a two-core machine and miss the child's last growth.
        let peak = PeakSample()
        let sampling = DispatchGroup()
        sampling.enter()
        let pid = command.processIdentifier
        Thread {
            let status = "/proc/\(pid)/status"
            while command.isRunning {
                if let text = try? String(contentsOfFile: status, encoding: .utf8),
                    let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                    let kib = Int(line.split(separator: " ").dropFirst().first ?? "")
                {
                    peak.record(kib)
                }
                usleep(2_000)
            }
            sampling.leave()
        }.start()
        let run = try await command.finished(timeout: BuiltExecutable.defaultTimeout)
        #expect(run.status == 0, "\(run.stderr)")
        while sampling.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(10)) }
        return peak.value
    }

    /// This process's environment, with AddressSanitizer's quarantine cut to 1 MB for the child.
    ///
    /// Under `swift test --sanitize=address` (scripts/sanitizers.sh) the child is instrumented too,
    /// and ASan holds freed memory back in a quarantine of 256 MB by default: the peak would then
    /// grow with the bytes `convert` frees, up to 256 MB, not with what it keeps. A small quarantine
    /// still catches a use right after a free. An uninstrumented binary ignores `ASAN_OPTIONS`.
    static func environmentMeasuringConvertAlone() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        let options = environment["ASAN_OPTIONS", default: ""]
        environment["ASAN_OPTIONS"] = (options.isEmpty ? "" : options + ":") + "quarantine_size_mb=1"
        return environment
    }

    @Test("peak memory for 12,000 lines is within a few MiB of that for 2,000 lines", .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func constantMemory() async throws {
        let small = try await peakMemory(lines: 2_000)
        let large = try await peakMemory(lines: 12_000)
        #expect(small > 0 && large > 0)
        // 10,000 more lines are about 6 MB of input; reading them whole would show.
        #expect(large - small < 3_000, "2,000 lines: \(small) KiB, 12,000 lines: \(large) KiB")
    }
}

/// `--out` writes into the named file itself: a device, pipe or link stays what it is.
@Suite("convert --out writes in place")
struct ConvertOutputInPlaceTests {
    @Test("a symbolic link is written through, not replaced by a new file")
    func symlinkIsWrittenThrough() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("target.ndjson")
        let link = folder.appendingPathComponent("link.ndjson")
        try Data("stale\n".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)

        let run = try await BuiltExecutable.run(
            "certbridge",
            arguments: ["convert", SharedVectors.repositoryFile("Examples/certifier-credentials.ndjson").path,
                "--profiles", SharedVectors.repositoryFile("mappings").path,
                "--no-sign", "--issuer", "did:web:x", "--out", link.path])
        #expect(run.status == 0, "\(run.stderr)")

        let linkType = try FileManager.default.attributesOfItem(atPath: link.path)[.type] as? FileAttributeType
        #expect(linkType == .typeSymbolicLink)
        let written = try String(contentsOf: target, encoding: .utf8).split(separator: "\n")
        #expect(written.count == 4)
        #expect(!written.contains("stale"))
    }
}

/// The highest VmHWM read so far, written by the sampling thread and read by the test.
private final class PeakSample: @unchecked Sendable {
    private let lock = NSLock()
    private var highest = 0

    func record(_ kib: Int) { lock.withLock { highest = max(highest, kib) } }
    var value: Int { lock.withLock { highest } }
}
