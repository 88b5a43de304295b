/// Why an N-Quads document could not be read, with the line and column of the problem.
public struct NQuadsParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in bytes.
    public var column: Int
    /// What was expected or found.
    public var reason: String

    /// An error at a position.
    public init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `N-Quads line L, column C: reason`.
    public var description: String {
        "N-Quads line \(line), column \(column): \(reason)"
    }
}
