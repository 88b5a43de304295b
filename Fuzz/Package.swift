// swift-tools-version: 6.1
import PackageDescription

// The libFuzzer executable, a package of its own so that the root package's `swift build` /
// `swift test` never build it: it needs `-sanitize=fuzzer,address` and `-parse-as-library`
// (libFuzzer brings `main`) and a build directory of its own. `scripts/fuzz.sh` builds and runs
// it; the targets themselves live in the root package (Testing/FuzzTargets), where the
// regression tests run them uninstrumented (docs/FUZZING.md).

let package = Package(
    name: "certbridge-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "certbridge", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "certbridge-fuzz",
            dependencies: [.product(name: "FuzzTargets", package: "certbridge")],
            path: "Sources/certbridge-fuzz"
        ),
    ],
    swiftLanguageModes: [.v6]
)
