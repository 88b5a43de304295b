import Benchmark
import BenchmarkFixtures
import BenchmarkSupport
import Credentials
import Foundation
import JSONCanonical
import Mapping

/// `certbridge convert` per credential, in parts and whole, beside the raw Ed25519 floor.
///
/// Inputs are the bundled Certifier examples (Examples/certifier-credentials.ndjson) that the
/// bundled profiles (mappings/) convert; the suite cycles through them.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = SharedConfiguration.standard
    Floor.register()

    let setup: ConversionSetup
    do {
        setup = try ConversionSetup()
    } catch {
        print("Conversion benchmarks skipped: \(error)")
        return
    }

    Benchmark("Mapping evaluation (select + render + validate)") { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(setup.profiles.map(setup.credentials[index % setup.credentials.count], issuer: setup.issuer, now: setup.now))
        }
    }
    Benchmark("Pipeline.process (map + canonicalise + sign + validate)") { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(setup.pipeline.process(setup.credentials[index % setup.credentials.count]))
        }
    }
    // What `convert` does per NDJSON line: parse, Pipeline, compact line into the output buffer.
    Benchmark("convert per credential (parse + pipeline + NDJSON line)") { benchmark in
        var output: [UInt8] = []
        output.reserveCapacity(1 << 17)
        let writer = JSONWriter(style: .compact)
        for index in benchmark.scaledIterations {
            guard let credential = try? JSONValue(parsing: setup.lines[index % setup.lines.count]),
                case .converted(let converted) = setup.pipeline.process(credential)
            else { continue }
            output.append(contentsOf: writer.bytes(converted.vc))
            output.append(UInt8(ascii: "\n"))
            if output.count >= 1 << 16 { output.removeAll(keepingCapacity: true) }
        }
        blackHole(output)
    }
}
