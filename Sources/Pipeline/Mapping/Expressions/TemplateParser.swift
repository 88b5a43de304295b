/// Parser stage: splits a string into literal text and `{{ expression }}` holes.
public enum TemplateParser {
    /// Parses a template; a string without `{{` is one text part.
    public static func parse(_ text: String) throws(ExpressionSyntaxError) -> TemplateSyntax {
        let scalars = Array(text.unicodeScalars)
        var parts: [TemplateSyntax.Part] = []
        var literal = ""
        var position = 0
        while position < scalars.count {
            if scalars[position] == "{", position + 1 < scalars.count, scalars[position + 1] == "{" {
                let start = position + 2
                var end = start
                while end + 1 < scalars.count, !(scalars[end] == "}" && scalars[end + 1] == "}") { end += 1 }
                guard end + 1 < scalars.count else {
                    throw ExpressionSyntaxError(message: "'{{' without a closing '}}'", offset: position)
                }
                if !literal.isEmpty {
                    parts.append(.text(literal))
                    literal = ""
                }
                var inner = String.UnicodeScalarView()
                inner.append(contentsOf: scalars[start..<end])
                let source = String(inner)
                guard !source.allSatisfy(\.isWhitespace) else {
                    throw ExpressionSyntaxError(message: "empty '{{ }}'", offset: position)
                }
                do {
                    parts.append(.expression(try ExpressionParser.parse(source), offset: start))
                } catch {
                    throw ExpressionSyntaxError(message: error.message, offset: start + error.offset)
                }
                position = end + 2
            } else {
                literal.unicodeScalars.append(scalars[position])
                position += 1
            }
        }
        if !literal.isEmpty || parts.isEmpty { parts.append(.text(literal)) }
        return TemplateSyntax(parts: parts)
    }
}
