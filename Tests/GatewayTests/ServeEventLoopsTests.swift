import Foundation
import Gateway
import NIOCore
import Testing
import TestSupport

@Suite("serve's event loops")
struct ServeEventLoopsTests {
    @Test(
        "one loop per four cores, at least one",
        arguments: [(1, 1), (2, 1), (3, 1), (4, 1), (7, 1), (8, 2), (16, 4), (64, 16)])
    func chosenCount(cores: Int, loops: Int) {
        #expect(ServeEventLoops.chosenCount(coreCount: cores, environment: [:]) == loops)
    }

    @Test("NIO's own environment variable leaves the count to NIO")
    func operatorsVariableWins() {
        #expect(ServeEventLoops.chosenCount(coreCount: 16, environment: ["NIO_SINGLETON_GROUP_LOOP_COUNT": "3"]) == nil)
    }

    #if os(Linux)
    @Test("the serve process runs the chosen number of event loop threads, or the operator's")
    func serveProcessThreads() async throws {
        let binary = try BuiltExecutable.url("certbridge")
        let harness = try await ServeHarness()
        var environment = ProcessInfo.processInfo.environment
        environment[ServeEventLoops.environmentVariable] = nil
        let expected = try #require(ServeEventLoops.chosenCount(coreCount: System.coreCount, environment: [:]))

        let chosen = try await ServeProcess.start(binary: binary, config: harness.configPath, environment: environment)
        #expect(try Self.eventLoopThreads(of: chosen.command.processIdentifier) == expected)
        #expect(chosen.log.contains("event_loops=\(expected)"))
        chosen.command.signal(SIGTERM)
        #expect(try await chosen.waitForExit(timeout: .seconds(10)) == 0)

        environment[ServeEventLoops.environmentVariable] = "3"
        let operators = try await ServeProcess.start(binary: binary, config: harness.configPath, environment: environment)
        #expect(try Self.eventLoopThreads(of: operators.command.processIdentifier) == 3)
        #expect(operators.log.contains("event_loops=3"))
        operators.command.signal(SIGTERM)
        #expect(try await operators.waitForExit(timeout: .seconds(10)) == 0)
        await harness.stop()
    }

    /// The threads of NIO's shared event loop group in process `pid` (named `NIO-SGLTN-<group>-#<n>`).
    private static func eventLoopThreads(of pid: Int32) throws -> Int {
        let tasks = "/proc/\(pid)/task"
        return try FileManager.default.contentsOfDirectory(atPath: tasks).filter { task in
            let name = (try? String(contentsOfFile: "\(tasks)/\(task)/comm", encoding: .utf8)) ?? ""
            return name.hasPrefix("NIO-SGLTN-")
        }.count
    }
    #endif
}
