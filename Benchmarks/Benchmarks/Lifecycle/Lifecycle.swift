import Benchmark
import BenchmarkFixtures
import BenchmarkSupport
import Foundation
import JSONCanonical
import Lifecycle
import Outbox
import Pipeline
import StatusList

/// The credential lifecycle beside the raw Ed25519 floor: what a status list costs to sign, and
/// what status assignment adds to each credential.
///
/// Two kinds of figure, read differently (docs/PERFORMANCE.md):
/// - Whole lists, and block reservations in the store: one per measured iteration
///   (``SharedConfiguration/onePerIteration``; the name carries "ops per iteration: 1"), since
///   each takes a fraction of a millisecond to tens of milliseconds. Their ratio to the floor is
///   tiny; the time per operation, or the floor signatures per operation, is the useful reading.
/// - Per credential: 1,000 per iteration, like the other suites. The same TSG input goes through
///   (a) `Pipeline.process`, (c) `LifecycleConverter.convert` without status (mapping plus the
///   claims and source digests and the re-issue decision), and (b) the same with one revocation
///   index from a `StatusIndexPool` over SQLite: (b) − (c) is status assignment, (c) − (a) the
///   lifecycle's decision.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = SharedConfiguration.standard
    Floor.register()

    let setup: LifecycleSetup
    do {
        setup = try LifecycleSetup()
    } catch {
        print("Lifecycle benchmarks skipped: \(error)")
        return
    }

    // MARK: Whole lists (one per iteration)

    for suite in SuiteChoice.allCases {
        let record = setup.listRecord(suite)
        Benchmark(
            "Status list build + sign, \(suite.rawValue), VC \(suite.listVersion) (131,072 entries, 1,000 set)",
            configuration: SharedConfiguration.onePerIteration
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try setup.listSigner.sign(record, now: setup.now, validUntil: setup.validUntil))
            }
        }
    }
    if let bitstring = try? setup.bitstring() {
        Benchmark(
            "part: StatusBitstring.encodedList (GZIP + base64url of 16 KiB, 1,000 set)",
            configuration: SharedConfiguration.onePerIteration
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try bitstring.encodedList())
            }
        }
    }

    // MARK: Per credential (1,000 per iteration)

    let credential = setup.credential
    for suite in SuiteChoice.allCases {
        guard let pipelines = setup.pipelines[suite] else { continue }
        // A JsonWebSignature2020 credential takes about half a millisecond, so 1,000 of them
        // fill 3 seconds with a handful of iterations; a longer run gives the median more samples.
        var configuration = SharedConfiguration.standard
        if suite == .jsonWebSignature2020 { configuration.maxDuration = .seconds(8) }

        Benchmark("(a) Pipeline.process, TSG profile, \(suite.rawValue), no status", configuration: configuration) { benchmark in
            var failed = 0
            for _ in benchmark.scaledIterations {
                let outcome = pipelines.plain.process(credential)
                if case .converted = outcome {} else { failed += 1 }
                blackHole(outcome)
            }
            if failed > 0 { benchmark.error("\(failed) credentials did not convert") }
        }

        let plainConverter = LifecycleConverter(pipeline: pipelines.plain, statusIndexes: nil, statusBaseURL: nil)
        Benchmark("(c) LifecycleConverter.convert, TSG profile, \(suite.rawValue), no status", configuration: configuration) {
            benchmark in
            await convert(benchmark, plainConverter, credential, expectsStatus: false)
        }

        // A fresh list, and at most 51 iterations (warm-up included) of 1,000: the list stays
        // under half taken, where each index is one or two random draws (StatusAllocation).
        registerWithStatus(
            "(b) LifecycleConverter.convert, TSG profile, \(suite.rawValue), status (revocation, list under half taken)",
            configuration: configuration, pipeline: pipelines.withStatus, prefill: 0, credential: credential, now: setup.now)
    }

    // The two digests that (c) adds to (a) before it decides: the mapped claims and the source.
    if let pipelines = setup.pipelines[.eddsaJCS2022], case .mapped(let mapped) = pipelines.plain.map(credential) {
        let document = mapped.document
        Benchmark("part: ClaimsDigest.of (mapped claims) + ClaimsDigest.ofSource (Certifier credential)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(ClaimsDigest.of(document))
                blackHole(ClaimsDigest.ofSource(credential))
            }
        }
    }

    // The store round trip the pool pays once per block: an IMMEDIATE transaction that reads
    // and rewrites the list's 16 KiB allocation bitmap (and syncs the WAL), holding SQLite's
    // write lock meanwhile. Under half taken: at most 1,001 blocks of 64 (warm-up included) keep
    // it there. Past half (from exactly half): at most 901 blocks, so the list never fills.
    if let pipelines = setup.pipelines[.eddsaJCS2022] {
        for (regime, prefill, iterations) in [("under", 0, 1_000), ("past", LifecycleSetup.listEntries / 2, 900)] {
            var configuration = SharedConfiguration.onePerIteration
            configuration.maxIterations = iterations
            let now = setup.now
            registerWithRig(
                "part: SQLite reservation of one block of \(LifecycleSetup.blockSize) indexes (list \(regime) half taken)",
                configuration: configuration, pipeline: pipelines.withStatus, prefill: prefill, now: now
            ) { benchmark, rig in
                for _ in benchmark.scaledIterations {
                    do {
                        blackHole(
                            try await rig.store.reserveStatusIndexes(
                                rig.family, count: LifecycleSetup.blockSize, listEntries: LifecycleSetup.listEntries, now: now))
                    } catch {
                        benchmark.error("reservation failed: \(error)")
                        return
                    }
                }
            }
        }
    }

    // Past half, StatusAllocation picks the n-th free index by scanning the list's bitmap from
    // the start, so each index costs a scan of about half the list's bits. Starting at exactly
    // half taken and adding at most 51,000, the list never fills (no rollover) and every index
    // is drawn this way. The cost is the suite's own plus the same scan, so one suite shows it.
    if let pipelines = setup.pipelines[.eddsaJCS2022] {
        registerWithStatus(
            "(b) LifecycleConverter.convert, TSG profile, eddsa-jcs-2022, status (revocation, list past half taken)",
            configuration: SharedConfiguration.standard, pipeline: pipelines.withStatus, prefill: LifecycleSetup.listEntries / 2, credential: credential, now: setup.now)
    }
}

/// Converts the credential 1,000 times as a first issue (no previous VC), counting anything
/// but a converted VC (with a status slot when `expectsStatus`) as a failure of the benchmark.
func convert(_ benchmark: Benchmark, _ converter: LifecycleConverter, _ credential: JSONValue, expectsStatus: Bool) async {
    var failed = 0
    var lastFailure = ""
    for _ in benchmark.scaledIterations {
        let result = await converter.convert(credential, previous: nil)
        if case .converted(let converted) = result, converted.statusSlots.isEmpty != expectsStatus {
            blackHole(converted)
        } else {
            failed += 1
            lastFailure = "\(result)"
        }
    }
    if failed > 0 { benchmark.error("\(failed) credentials did not convert as expected; the last: \(lastFailure)") }
}

/// A benchmark of `convert` with status, each over its own SQLite outbox made in setup (with
/// `prefill` indexes taken) and deleted in teardown.
func registerWithStatus(
    _ name: String, configuration: Benchmark.Configuration, pipeline: Pipeline, prefill: Int, credential: JSONValue, now: Date
) {
    var configuration = configuration
    // 1 warm-up + 50 measured iterations of 1,000 credentials: see the callers for why.
    configuration.maxIterations = 50
    registerWithRig(name, configuration: configuration, pipeline: pipeline, prefill: prefill, now: now) { benchmark, rig in
        await convert(benchmark, rig.converter, credential, expectsStatus: true)
    }
}

/// A benchmark of `body` over its own ``StatusRig``, made in setup (with `prefill` indexes
/// taken) and deleted in teardown.
func registerWithRig(
    _ name: String, configuration: Benchmark.Configuration, pipeline: Pipeline, prefill: Int, now: Date,
    body: @escaping @Sendable (Benchmark, StatusRig) async -> Void
) {
    let rig = Handover<StatusRig>()
    Benchmark(
        name, configuration: configuration,
        closure: { benchmark in
            guard let current = rig.current else {
                benchmark.error("the status store was not set up")
                return
            }
            await body(benchmark, current)
        },
        setup: {
            rig.current = try await StatusRig(pipeline: pipeline, prefill: prefill, now: now)
        },
        teardown: {
            let done = rig.current
            rig.current = nil
            done?.remove()
        })
}
