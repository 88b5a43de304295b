import Foundation

/// Reads a Bitstring Status List `encodedList` with Python's gzip and base64 modules: a standard
/// reader, so tests do not check our encoder with our own decoder.
public enum StandardGzip {
    /// Python failed; its stderr.
    public struct Failure: Error, CustomStringConvertible {
        /// What Python wrote to stderr.
        public var stderr: String
        /// The stderr text.
        public var description: String { "python3 could not decode the list: \(stderr)" }
    }

    /// The number of bits in the list and the indexes whose bit is set (bit 0 is the most significant bit of byte 0).
    public static func decode(_ encodedList: String) async throws -> (bits: Int, set: Set<Int>) {
        let script = """
            import base64, gzip, sys
            text = sys.stdin.read().strip()[1:]
            data = gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            print(len(data) * 8)
            print(" ".join(str(i) for i in range(len(data) * 8) if data[i // 8] >> (7 - i % 8) & 1))
            """
        let run = try await BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", script], stdin: Data(encodedList.utf8))
        guard run.status == 0 else { throw Failure(stderr: run.stderr) }
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let bits = lines.first.flatMap { Int($0) } ?? 0
        let set = Set(lines.dropFirst().first?.split(separator: " ").compactMap { Int($0) } ?? [])
        return (bits, set)
    }
}
