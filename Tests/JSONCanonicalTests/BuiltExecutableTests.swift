import Foundation
import Testing
import TestSupport

/// `BuiltExecutable.run` (TestSupport) drains stdout and stderr concurrently: a child that writes more
/// than a pipe buffer (64 KiB) to either stream, or is fed a large stdin, never deadlocks the runner.
@Suite("BuiltExecutable.run: no pipe deadlock")
struct BuiltExecutableTests {
    @Test("200000 bytes on stderr, then ok on stdout")
    func largeStderr() throws {
        let run = try BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", #"head -c 200000 /dev/zero | tr "\0" x >&2; echo ok"#])
        #expect(run.status == 0)
        #expect(run.stdout == "ok\n")
        #expect(run.stderr.utf8.count == 200000)
        #expect(run.stderr.utf8.allSatisfy { $0 == UInt8(ascii: "x") })
    }

    @Test("200000 bytes of stdin echoed to stdout and to stderr")
    func largeStdinBothStreams() throws {
        let input = Data(repeating: UInt8(ascii: "y"), count: 200000)
        let run = try BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "tee /dev/stderr"], stdin: input)
        #expect(run.status == 0)
        #expect(run.stdout.utf8.count == 200000)
        #expect(run.stderr.utf8.count == 200000)
    }
}
