import Foundation

/// The exit status and both output streams of one finished child process.
public struct CommandRun: Sendable {
    /// The child's termination status (its exit code, or the signal number if a signal ended it).
    public var status: Int32
    /// Everything the child wrote to stdout, decoded as UTF-8.
    public var stdout: String
    /// Everything the child wrote to stderr, decoded as UTF-8.
    public var stderr: String
}

/// Finds the package's built executables (`certbridge`, `certbridge-demo`) next to the test bundle
/// and runs executables with `Process`, draining stdout and stderr concurrently.
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

    /// The built executable `name` beside the test bundle (SwiftPM builds it for `swift test`), if there is one.
    public static func url(_ name: String) -> URL? {
        candidates(name).first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the built executable `name` (see ``url(_:)``) to completion.
    ///
    /// - Throws: ``NotFound`` if the executable was not built, or the error `Process.run()` throws.
    public static func run(
        _ name: String, arguments: [String], in directory: URL? = nil, stdin: Data? = nil,
        environment: [String: String]? = nil
    ) throws -> CommandRun {
        guard let executable = url(name) else {
            throw NotFound(name: name, searched: candidates(name).map(\.path))
        }
        return try run(executable: executable, arguments: arguments, in: directory, stdin: stdin, environment: environment)
    }

    /// Runs `executable` with `arguments` to completion and returns its status, stdout and stderr.
    ///
    /// stdin is a pipe fed with `stdin` (empty if `nil`) and then closed. stdin is written and stderr is
    /// read on background threads while stdout is read on the calling thread, so a child that writes more
    /// than a pipe buffer to either stream (or reads a large stdin late) never deadlocks the caller.
    ///
    /// - Parameters:
    ///   - directory: the child's working directory; the caller's if `nil`.
    ///   - environment: the child's whole environment; the caller's if `nil` (`[:]` is an empty environment).
    /// - Throws: the error `Process.run()` throws.
    public static func run(
        executable: URL, arguments: [String], in directory: URL? = nil, stdin: Data? = nil,
        environment: [String: String]? = nil
    ) throws -> CommandRun {
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

        let group = DispatchGroup()
        let feeder = InputFeeder(handle: input.fileHandleForWriting, data: stdin ?? Data())
        DispatchQueue.global().async(group: group) { feeder.feed() }
        let errorDrain = OutputDrain(handle: error.fileHandleForReading)
        DispatchQueue.global().async(group: group) { errorDrain.drain() }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandRun(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errorDrain.data, as: UTF8.self))
    }
}

/// Writes `data` to a child's stdin and closes it, on whichever thread calls ``feed()``.
private final class InputFeeder: @unchecked Sendable {
    private let handle: FileHandle
    private let data: Data

    init(handle: FileHandle, data: Data) {
        self.handle = handle
        self.data = data
    }

    /// Writes the data (if any) and closes the handle so the child sees end of file.
    func feed() {
        if !data.isEmpty { handle.write(data) }
        try? handle.close()
    }
}

/// Reads one pipe to end of file; ``data`` is read only after the `DispatchGroup` running ``drain()`` is waited on.
private final class OutputDrain: @unchecked Sendable {
    private let handle: FileHandle
    /// Everything read so far; complete once ``drain()`` has returned.
    private(set) var data = Data()

    init(handle: FileHandle) {
        self.handle = handle
    }

    /// Reads the handle to end of file.
    func drain() {
        data = handle.readDataToEndOfFile()
    }
}
