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
    Benchmark("Pipeline.process with each profile's own suite (JsonWebSignature2020, eddsa-rdfc-2022)") { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(setup.profileSuitesPipeline.process(setup.credentials[index % setup.credentials.count]))
        }
    }
    // The parts of `convert` outside Pipeline, and the signing step alone, for the breakdown.
    Benchmark("part: JSON parse of a Certifier NDJSON line") { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(try JSONValue(parsing: setup.lines[index % setup.lines.count]))
        }
    }
    let mapped = setup.credentials.compactMap { credential -> JSONValue? in
        guard case .mapped(let document, _) = setup.profiles.map(credential, issuer: setup.issuer, now: setup.now) else { return nil }
        return document
    }
    let signed = setup.credentials.compactMap { credential -> JSONValue? in
        guard case .converted(let converted) = setup.pipeline.process(credential) else { return nil }
        return converted.vc
    }
    if let signer = setup.pipeline.signer, !mapped.isEmpty, !signed.isEmpty {
        Benchmark("part: eddsa-jcs-2022 sign of a mapped VC") { benchmark in
            for index in benchmark.scaledIterations {
                blackHole(try signer.sign(mapped[index % mapped.count], created: setup.now))
            }
        }
        Benchmark("part: compact NDJSON line of a signed VC") { benchmark in
            let writer = JSONWriter(style: .compact)
            var output: [UInt8] = []
            output.reserveCapacity(1 << 17)
            for index in benchmark.scaledIterations {
                writer.withBytes(signed[index % signed.count]) { output.append(contentsOf: $0) }
                if output.count >= 1 << 16 { output.removeAll(keepingCapacity: true) }
            }
            blackHole(output)
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
            // As OutputSink writes a line: the writer's bytes copied into the output buffer.
            writer.withBytes(converted.vc) { output.append(contentsOf: $0) }
            output.append(UInt8(ascii: "\n"))
            if output.count >= 1 << 16 { output.removeAll(keepingCapacity: true) }
        }
        blackHole(output)
    }
}
