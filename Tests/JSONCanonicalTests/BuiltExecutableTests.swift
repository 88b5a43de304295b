import Foundation
import Testing
import TestSupport

/// `BuiltExecutable.run` (TestSupport) drains stdout and stderr concurrently: a child that writes more
/// than a pipe buffer (64 KiB) to either stream, or is fed a large stdin, never deadlocks the runner.
@Suite("BuiltExecutable: no pipe deadlock, started commands, a missing executable")
struct BuiltExecutableTests {
    @Test("200000 bytes on stderr, then ok on stdout")
    func largeStderr() async throws {
        let run = try await BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", #"head -c 200000 /dev/zero | tr "\0" x >&2; echo ok"#])
        #expect(run.status == 0)
        #expect(run.stdout == "ok\n")
        #expect(run.stderr.utf8.count == 200000)
        #expect(run.stderr.utf8.allSatisfy { $0 == UInt8(ascii: "x") })
    }

    @Test("200000 bytes of stdin echoed to stdout and to stderr")
    func largeStdinBothStreams() async throws {
        let input = Data(repeating: UInt8(ascii: "y"), count: 200000)
        let run = try await BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "tee /dev/stderr"], stdin: input)
        #expect(run.status == 0)
        #expect(run.stdout.utf8.count == 200000)
        #expect(run.stderr.utf8.count == 200000)
    }

    @Test("a started command's output can be read while it runs; SIGKILL ends it and its status is the signal")
    func startedCommandKilled() async throws {
        let command = try BuiltExecutable.start(
            executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "echo ready; echo listening >&2; exec sleep 600"])
        // Generous bounds: on a loaded 2-core machine the test's task may wait long for a thread;
        // the child is killed below, so they cost nothing when things are quick.
        let deadline = ContinuousClock.now + .seconds(120)
        while !(command.stdout.contains("ready") && command.stderr.contains("listening")) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(command.stdout == "ready\n")
        #expect(command.stderr == "listening\n")
        #expect(command.isRunning)
        command.signal(SIGKILL)
        #expect(try await command.waitForExit(timeout: .seconds(120)) == SIGKILL)
    }

    @Test("finished(timeout:) returns the run of a command that exits, and kills one that does not, with a TimedOut error")
    func startedCommandFinished() async throws {
        let run = try await BuiltExecutable.start(
            executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "cat; echo done >&2; exit 3"], stdin: Data("in\n".utf8)
        ).finished(timeout: .seconds(60))
        #expect(run.status == 3)
        #expect(run.stdout == "in\n")
        #expect(run.stderr == "done\n")

        let slow = try BuiltExecutable.start(executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "exec sleep 30"])
        await #expect(throws: BuiltExecutable.TimedOut.self) { try await slow.finished(timeout: .milliseconds(200)) }
        #expect(try await slow.waitForExit(timeout: .seconds(60)) == SIGKILL)
    }

    @Test("a built executable that is missing is a NotFound error naming it and the paths tried")
    func missingExecutable() throws {
        #expect {
            try BuiltExecutable.url("certbridge-no-such-executable")
        } throws: { error in
            guard let notFound = error as? BuiltExecutable.NotFound else { return false }
            return notFound.name == "certbridge-no-such-executable" && !notFound.searched.isEmpty
                && "\(notFound)".contains("was not built")
        }
    }
}
