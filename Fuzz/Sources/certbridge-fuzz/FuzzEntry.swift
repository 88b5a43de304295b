import Foundation
import FuzzTargets

// libFuzzer's entry points. The target is chosen once, before the first input, from
// `CERTBRIDGE_FUZZ_TARGET` or a `--target=NAME` argument (libFuzzer ignores arguments that start
// with `--`). A property that fails aborts, so libFuzzer reports it like a crash: the input in
// base64 and a crash-* file (docs/FUZZING.md).

/// SwiftPM links a debug executable with `main` renamed to `<module>_main` (so tests can import
/// it); with `-parse-as-library` and libFuzzer there is no Swift `main`, so this is that symbol and
/// hands over to libFuzzer's driver, which then calls the two functions below.
@_cdecl("certbridge_fuzz_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzerTestOneInput)
}

/// libFuzzer's `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))`.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The target for this run; written once in `LLVMFuzzerInitialize`, before libFuzzer calls
/// `LLVMFuzzerTestOneInput` on the same thread, and only read after.
nonisolated(unsafe) private var selectedTarget: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> Int32 {
    var name = getenv("CERTBRIDGE_FUZZ_TARGET").map { String(cString: $0) }
    if let arguments = argv.pointee {
        for index in 0..<Int(argc.pointee) {
            guard let pointer = arguments[index] else { continue }
            let argument = String(cString: pointer)
            if argument.hasPrefix("--target=") { name = String(argument.dropFirst("--target=".count)) }
        }
    }
    guard let name, let target = FuzzTargets.named(name) else {
        let known = FuzzTargets.names.joined(separator: ", ")
        printError("certbridge-fuzz: set CERTBRIDGE_FUZZ_TARGET (or --target=NAME) to one of: \(known)")
        exit(2)
    }
    selectedTarget = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let target = selectedTarget else { return 0 }
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try target.run(input)
    } catch {
        printError("certbridge-fuzz: \(error)")
        abort()
    }
    return 0
}

/// Writes a line to standard error, where libFuzzer writes its report.
private func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
