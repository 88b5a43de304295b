import Foundation

/// The exit status and both output streams of one finished child process.
public struct CommandRun: Sendable {
    /// The child's termination status (its exit code, or the signal number if a signal ended it).
    public var status: Int32
    /// Everything the child wrote to stdout, decoded as UTF-8.
    public var stdout: String
    /// Everything the child wrote to stderr, decoded as UTF-8.
    public var stderr: String

    /// stderr then stdout, for checks and messages that do not care which stream a line went to.
    public var output: String { stderr + stdout }
}

/// The one way tests run child processes: finds the package's built executables (`certbridge`,
/// `certbridge-demo`) next to the test bundle, and runs any executable with `Process`, collecting
/// stdout and stderr concurrently on threads of their own.
///
/// ``run(executable:arguments:in:stdin:environment:timeout:)`` runs a command to completion;
/// ``start(executable:arguments:in:stdin:environment:)`` starts one and returns a
/// ``StartedCommand`` to watch its output while it runs, signal it (`SIGKILL`, `SIGTERM`) and
/// await its exit without blocking a thread of the concurrency pool.
public enum BuiltExecutable {
    /// No built executable called `name` was found; `searched` lists the paths that were tried.
    public struct NotFound: Error, CustomStringConvertible {
        /// The executable's name.
        public var name: String
        /// Every candidate path that was looked at.
        public var searched: [String]
        /// A sentence naming the executable and the paths tried.
        public var description: String {
            "the \(name) executable was not built (swift build); looked at \(searched)"
        }
    }

    /// A started command that had not exited when its time was up; it was killed.
    public struct TimedOut: Error, CustomStringConvertible {
        /// The executable and its arguments.
        public var command: [String]
        /// How long it was given.
        public var timeout: Duration
        /// What it had written by then.
        public var stdout: String
        /// What it had written to stderr by then.
        public var stderr: String
        /// A sentence naming the command, the time it had and its output.
        public var description: String {
            "\(command.joined(separator: " ")) did not exit within \(timeout) and was killed; stdout: \(stdout) stderr: \(stderr)"
        }
    }

    /// Candidate locations of `name`: the test runner's directory and up to three of its parents
    /// (symlinks resolved), the main bundle and its parent, and `.build/debug` in the package root.
    static func candidates(_ name: String) -> [URL] {
        var directories: [URL] = []
        if let runnerPath = CommandLine.arguments.first {
            var directory = URL(fileURLWithPath: runnerPath).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                directories.append(directory)
                directory = directory.deletingLastPathComponent()
            }
        }
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        directories.append(Bundle.main.bundleURL)
        directories.append(SharedVectors.packageRoot.appendingPathComponent(".build/debug"))
        return directories.map { $0.appendingPathComponent(name) }
    }

    /// The built executable `name` beside the test bundle (`swift test` builds every product first).
    ///
    /// - Throws: ``NotFound`` naming the paths tried: a test that needs the executable fails
    ///   when it is missing, it is not skipped.
    public static func url(_ name: String) throws -> URL {
        let candidates = candidates(name)
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw NotFound(name: name, searched: candidates.map(\.path))
        }
        return found
    }

    /// Runs the built executable `name` (see ``url(_:)``) to completion.
    ///
    /// - Throws: ``NotFound`` if the executable was not built, ``TimedOut`` if it ran longer than
    ///   `timeout`, or the error `Process.run()` throws.
    public static func run(
        _ name: String, arguments: [String], in directory: URL? = nil, stdin: Data? = nil,
        environment: [String: String]? = nil, timeout: Duration = defaultTimeout
    ) async throws -> CommandRun {
        try await run(
            executable: url(name), arguments: arguments, in: directory, stdin: stdin, environment: environment,
            timeout: timeout)
    }

    /// How long ``run(executable:arguments:in:stdin:environment:timeout:)`` lets a command run
    /// before it kills it: generous, since the suites run side by side on a loaded machine.
    public static let defaultTimeout: Duration = .seconds(600)

    /// Runs `executable` with `arguments` to completion and returns its status, stdout and stderr.
    ///
    /// Awaits the child without holding a thread of the concurrency pool. There is deliberately no
    /// blocking variant: tests (synchronous ones included) run on that pool, which has one thread
    /// per core, and in-process servers of other tests need those threads meanwhile. On a
    /// two-core machine two blocked waits stopped every server for the length of the child.
    ///
    /// - Parameters:
    ///   - directory: the child's working directory; the caller's if `nil`.
    ///   - stdin: fed to the child's stdin, which is then closed (empty if `nil`).
    ///   - environment: the child's whole environment; the caller's if `nil` (`[:]` is an empty environment).
    ///   - timeout: after it the child is killed and ``TimedOut`` thrown.
    /// - Throws: ``TimedOut``, or the error `Process.run()` throws.
    public static func run(
        executable: URL, arguments: [String], in directory: URL? = nil, stdin: Data? = nil,
        environment: [String: String]? = nil, timeout: Duration = defaultTimeout
    ) async throws -> CommandRun {
        try await start(executable: executable, arguments: arguments, in: directory, stdin: stdin, environment: environment)
            .finished(timeout: timeout)
    }

    /// Starts the built executable `name` (see ``url(_:)``).
    ///
    /// - Throws: ``NotFound`` if the executable was not built, or the error `Process.run()` throws.
    public static func start(
        _ name: String, arguments: [String], in directory: URL? = nil, stdin: Data? = nil,
        environment: [String: String]? = nil
    ) throws -> StartedCommand {
        try start(executable: url(name), arguments: arguments, in: directory, stdin: stdin, environment: environment)
    }

    /// Starts `executable` with `arguments` and returns at once.
    ///
    /// stdin is a pipe fed with `stdin` (empty if `nil`) and then closed. stdin is written and
    /// stdout and stderr are read on threads of their own, so a child that writes more than a pipe
    /// buffer to either stream (or reads a large stdin late) never blocks, and the output so far
    /// can be read while it runs. Parameters as for ``run(executable:arguments:in:stdin:environment:timeout:)``.
    ///
    /// - Throws: the error `Process.run()` throws.
    public static func start(
        executable: URL, arguments: [String], in directory: URL? = nil, stdin: Data? = nil,
        environment: [String: String]? = nil
    ) throws -> StartedCommand {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let output = Pipe()
        let error = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = input
        try process.run()
        return StartedCommand(
            process: process, command: [executable.path] + arguments, stdin: stdin ?? Data(),
            input: input.fileHandleForWriting, output: output.fileHandleForReading, error: error.fileHandleForReading)
    }
}

/// A child process started by ``BuiltExecutable/start(executable:arguments:in:stdin:environment:)``,
/// with its output collected while it runs.
///
/// Released while the process still runs, the handle kills it (`SIGKILL`), so a test that fails
/// half-way leaves no process behind.
public final class StartedCommand: @unchecked Sendable {
    private let process: Process
    private let command: [String]
    private let stdoutBuffer = StreamBuffer()
    private let stderrBuffer = StreamBuffer()
    /// Left when stdin is written and both output streams have reached end of file.
    private let streams = DispatchGroup()

    init(process: Process, command: [String], stdin: Data, input: FileHandle, output: FileHandle, error: FileHandle) {
        self.process = process
        self.command = command
        Self.onThread(streams) {
            if !stdin.isEmpty { input.write(stdin) }
            try? input.close()
        }
        Self.onThread(streams) { [stdoutBuffer] in stdoutBuffer.drain(output) }
        Self.onThread(streams) { [stderrBuffer] in stderrBuffer.drain(error) }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Runs `work` on a thread of its own (never one of the concurrency pool), inside `group`.
    private static func onThread(_ group: DispatchGroup, _ work: @escaping @Sendable () -> Void) {
        group.enter()
        Thread {
            work()
            group.leave()
        }.start()
    }

    /// The child's process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Whether the child has not exited yet.
    public var isRunning: Bool { process.isRunning }

    /// What the child has written to stdout so far, decoded as UTF-8.
    public var stdout: String { stdoutBuffer.text }

    /// What the child has written to stderr so far, decoded as UTF-8.
    public var stderr: String { stderrBuffer.text }

    /// Sends `signal` (`SIGKILL`, `SIGTERM`, ...) to the child if it still runs.
    public func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// The child's termination status once it has exited, polling without blocking a thread;
    /// `nil` if it still runs after `timeout`. When it returns a status, ``stdout`` and ``stderr``
    /// hold everything the child wrote (unless a process it started keeps its pipes open past `timeout`).
    public func waitForExit(timeout: Duration) async throws -> Int32? {
        try await poll(until: ContinuousClock.now + timeout)
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Awaits the child's exit and the end of its output without blocking a thread, and returns
    /// its status and output.
    ///
    /// - Throws: ``BuiltExecutable/TimedOut`` (after killing the child) if it still runs, or its
    ///   output is still open, after `timeout`.
    public func finished(timeout: Duration) async throws -> CommandRun {
        try await poll(until: ContinuousClock.now + timeout)
        guard !process.isRunning, isDrained else {
            signal(SIGKILL)
            throw BuiltExecutable.TimedOut(command: command, timeout: timeout, stdout: stdout, stderr: stderr)
        }
        return result
    }

    /// Whether stdin is written and stdout and stderr have reached end of file.
    private var isDrained: Bool { streams.wait(timeout: .now()) == .success }

    /// Sleeps in short steps until the child has exited and its output is read, or until `deadline`.
    private func poll(until deadline: ContinuousClock.Instant) async throws {
        while (process.isRunning || !isDrained) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    private var result: CommandRun {
        CommandRun(status: process.terminationStatus, stdout: stdoutBuffer.text, stderr: stderrBuffer.text)
    }
}

/// The bytes read so far from one of a child's output pipes; read and written under a lock.
private final class StreamBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    /// Everything read so far, decoded as UTF-8.
    var text: String {
        lock.withLock { String(decoding: data, as: UTF8.self) }
    }

    /// Reads `handle` to end of file, appending as it goes.
    func drain(_ handle: FileHandle) {
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            lock.withLock { data.append(chunk) }
        }
        try? handle.close()
    }
}
