import Composition
import Foundation
import Testing
import TestSupport

/// `delivery.heartbeat` and `delivery.owner_timeout`: read, defaulted, and checked against each other and the lease.
@Suite("serve configuration: heartbeat and owner timeout")
struct HeartbeatConfigurationTests {
    static let example = (try? String(contentsOf: SharedVectors.repositoryFile("certbridge.example.yaml"), encoding: .utf8)) ?? ""

    func parse(heartbeat: String, timeout: String, lease: String = "2m") throws -> GatewayConfiguration {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        var text = Self.example
        text = text.replacingOccurrences(of: "heartbeat: 2s ", with: "heartbeat: \(heartbeat) ")
        text = text.replacingOccurrences(of: "owner_timeout: 10s ", with: "owner_timeout: \(timeout) ")
        text = text.replacingOccurrences(of: "lease: 2m ", with: "lease: \(lease) ")
        return try fixture.parse(text, environment: exampleEnvironment)
    }

    func problems(heartbeat: String, timeout: String, lease: String = "2m") throws -> [String] {
        do {
            _ = try parse(heartbeat: heartbeat, timeout: timeout, lease: lease)
            return []
        } catch let error as ConfigurationError {
            return error.problems.map { "\($0.field): \($0.message)" }
        }
    }

    @Test("the example's values are read; a bare heartbeat gives a timeout of five beats, at least 10 s")
    func values() throws {
        let config = try parse(heartbeat: "250ms", timeout: "1500ms")
        #expect(config.worker.heartbeat == .milliseconds(250))
        #expect(config.worker.ownerTimeout == .milliseconds(1500))
        let example = try parse(heartbeat: "2s", timeout: "10s")
        #expect(example.worker.heartbeat == .seconds(2))
        #expect(example.worker.ownerTimeout == .seconds(10))
    }

    @Test("a timeout under two heartbeats, a lease under the timeout, or a zero heartbeat is refused with the fix")
    func validation() throws {
        let short = try problems(heartbeat: "2s", timeout: "3s")
        #expect(short.count == 1)
        #expect(short.first?.hasPrefix("delivery.owner_timeout: must be at least twice delivery.heartbeat (2s)") == true, "\(short)")
        let lease = try problems(heartbeat: "2s", timeout: "30s", lease: "20s")
        #expect(lease.count == 1)
        #expect(lease.first?.hasPrefix("delivery.lease: must be at least delivery.owner_timeout (30s)") == true, "\(lease)")
        let zero = try problems(heartbeat: "0s", timeout: "10s")
        #expect(zero.first?.hasPrefix("delivery.heartbeat: must be more than 0s") == true, "\(zero)")
        #expect(try problems(heartbeat: "1s", timeout: "2s", lease: "2s").isEmpty)
    }
}
