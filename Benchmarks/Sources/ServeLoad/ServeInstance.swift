import AsyncHTTPClient
import Foundation

/// One `certbridge serve` process of a load run: the real binary, its output in a log file.
final class ServeInstance: Sendable {
    let port: Int
    let logPath: String
    private let process: Process

    /// Starts `binary serve --config configPath` with `environment` added to this process's.
    init(binary: String, configPath: String, port: Int, environment: [String: String], logPath: String) throws {
        self.port = port
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let log = FileHandle(forWritingAtPath: logPath) else { throw LoadError("cannot write \(logPath)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--config", configPath]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
    }

    /// The process id, for CPU accounting.
    var pid: Int32 { process.processIdentifier }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Waits until `/healthz` answers 200, or throws with the log's tail after `timeout`.
    func waitUntilHealthy(client: HTTPClient, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw LoadError("serve on port \(port) ended:\n\(logTail())") }
            if let response = try? await client.execute(HTTPClientRequest(url: baseURL + "/healthz"), timeout: .seconds(2)),
                response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw LoadError("serve on port \(port) did not become healthy in \(timeout):\n\(logTail())")
    }

    /// Stops the process (SIGTERM, the graceful shutdown) and waits for it.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// The last lines of the log.
    func logTail(lines: Int = 20) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
