/// One parser of untrusted input under fuzzing: the function libFuzzer calls with each input, and
/// the regression tests call with each committed input, uninstrumented.
///
/// A target returns normally when the parser either refused the input with its typed error or
/// accepted it and every property held (round trips, fixed points, invariants of the result). It
/// throws a ``FuzzFinding`` when a property failed; a crash is a finding too, caught by libFuzzer.
public struct FuzzTarget: Sendable {
    /// The name `scripts/fuzz.sh` and the corpus folders use (`Fuzz/Corpora/<name>/`).
    public let name: String
    /// What the target feeds and what it asserts, for `--list` and docs/FUZZING.md.
    public let summary: String
    private let body: @Sendable ([UInt8]) throws(FuzzFinding) -> Void

    init(_ name: String, _ summary: String, _ body: @escaping @Sendable ([UInt8]) throws(FuzzFinding) -> Void) {
        self.name = name
        self.summary = summary
        self.body = body
    }

    /// Feeds `input` to the parser and checks the properties of what it made of it.
    ///
    /// Call it from a thread outside Swift's cooperative pool (libFuzzer's, or a `Thread` of a
    /// test's own): the JWT targets block on async verification until it completes.
    public func run(_ input: [UInt8]) throws(FuzzFinding) {
        try body(input)
    }
}

/// A property that did not hold for an input: a bug, to be fixed at its cause.
public struct FuzzFinding: Error, Sendable, CustomStringConvertible {
    /// The target that found it.
    public var target: String
    /// The property that failed, with the values involved.
    public var property: String

    /// What failed, for the crash report and the test failure.
    public var description: String { "fuzz target '\(target)': \(property)" }
}

/// Throws a finding for `target` unless `condition` holds.
func expect(_ condition: Bool, _ target: String, _ property: @autoclosure () -> String) throws(FuzzFinding) {
    guard condition else { throw FuzzFinding(target: target, property: property()) }
}
