import Foundation
import TestSupport

/// Decodes an `encodedList` with Python's gzip module (a standard reader, not ours).
enum PythonGzip {
    struct Failure: Error { let stderr: String }

    static func setBits(_ encodedList: String) throws -> Set<Int> {
        let script = """
            import base64, gzip, sys
            text = sys.stdin.read().strip()[1:]
            data = gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            print(" ".join(str(i) for i in range(len(data) * 8) if data[i // 8] >> (7 - i % 8) & 1))
            """
        let run = try BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", script], stdin: Data(encodedList.utf8))
        guard run.status == 0 else { throw Failure(stderr: run.stderr) }
        return Set(run.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) })
    }
}
