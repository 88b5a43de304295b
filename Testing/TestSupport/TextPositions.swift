/// Positions in test texts (YAML profiles), to compare with diagnostics' file:line:column.

/// The 1-based column of `needle` in line `line` of `text`, counted in Unicode scalars as YAML does.
public func column(of needle: String, line: Int, in text: String, occurrence: Int = 1) -> Int? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard line - 1 < lines.count else { return nil }
    let scalars = Array(lines[line - 1].unicodeScalars)
    let wanted = Array(needle.unicodeScalars)
    var seen = 0
    for start in 0...(max(0, scalars.count - wanted.count)) where Array(scalars[start..<min(scalars.count, start + wanted.count)]) == wanted {
        seen += 1
        if seen == occurrence { return start + 1 }
    }
    return nil
}

/// The 1-based line of the first line containing `needle`.
public func line(of needle: String, in text: String) -> Int? {
    text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
}
