/// A position in a profile file, as people count it (lines and columns from 1).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file path as given when loading (relative paths stay relative, so messages stay short).
    public var file: String
    /// Line number, from 1.
    public var line: Int
    /// Column number, from 1, counted in Unicode scalars (libyaml's unit).
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }

    /// This location moved right by `offset` columns (positions inside a scalar on one line).
    public func advanced(byColumns offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + offset)
    }

    /// Orders by file, then line, then column, so diagnostics print in reading order.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
