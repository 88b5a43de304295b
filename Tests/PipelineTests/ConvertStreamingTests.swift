import Foundation
import Testing
import TestSupport

/// `convert` reads NDJSON line by line: its peak memory does not grow with the number of lines.
@Suite("convert streams NDJSON in constant memory")
struct ConvertStreamingTests {
    /// Runs the binary on an NDJSON file of `lines` credentials and returns its peak resident set
    /// (VmHWM, read from /proc while it runs; the kernel keeps the high-water mark, so late reads hold it).
    func peakMemory(lines: Int) throws -> Int {
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
        var peak = 0
        let status = "/proc/\(command.processIdentifier)/status"
        while command.isRunning {
            if let text = try? String(contentsOfFile: status, encoding: .utf8),
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let kib = Int(line.split(separator: " ").dropFirst().first ?? "")
            {
                peak = max(peak, kib)
            }
            usleep(5_000)
        }
        let run = command.wait()
        #expect(run.status == 0, "\(run.stderr)")
        return peak
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
    func constantMemory() throws {
        let small = try peakMemory(lines: 2_000)
        let large = try peakMemory(lines: 12_000)
        #expect(small > 0 && large > 0)
        // 10,000 more lines are about 6 MB of input; reading them whole would show.
        #expect(large - small < 3_000, "2,000 lines: \(small) KiB, 12,000 lines: \(large) KiB")
    }
}

/// `--out` writes into the named file itself: a device, pipe or link stays what it is.
@Suite("convert --out writes in place")
struct ConvertOutputInPlaceTests {
    @Test("a symbolic link is written through, not replaced by a new file")
    func symlinkIsWrittenThrough() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("target.ndjson")
        let link = folder.appendingPathComponent("link.ndjson")
        try Data("stale\n".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)

        let run = try BuiltExecutable.run(
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
