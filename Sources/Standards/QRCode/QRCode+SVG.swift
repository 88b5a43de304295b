extension QRCode {
    /// The symbol as a standalone SVG document: a light background rectangle over the whole
    /// image, then one `<path>` of the dark modules (each horizontal run of dark modules one
    /// rectangle), drawn with `shape-rendering="crispEdges"` so scaled modules stay sharp.
    ///
    /// The viewBox is in modules and `width`/`height` in pixels (`moduleSize` per module). The
    /// document has no script, and the colours are XML-escaped into their attributes.
    ///
    /// - Parameters:
    ///   - moduleSize: pixels per module (at least 1).
    ///   - quietZone: light modules around the symbol; ISO/IEC 18004 asks for 4 (at least 0).
    ///   - darkColor: any SVG paint for the dark modules.
    ///   - lightColor: any SVG paint for the background and the quiet zone.
    public func svg(moduleSize: Int = 8, quietZone: Int = 4, darkColor: String = "#000", lightColor: String = "#fff") -> String {
        let moduleSize = max(1, moduleSize)
        let quietZone = max(0, quietZone)
        let extent = size + 2 * quietZone
        let pixels = extent * moduleSize
        var path = ""
        for row in 0..<size {
            var column = 0
            while column < size {
                guard isDark(row: row, column: column) else {
                    column += 1
                    continue
                }
                let start = column
                while column < size && isDark(row: row, column: column) { column += 1 }
                let run = column - start
                path += "M\(start + quietZone) \(row + quietZone)h\(run)v1h-\(run)z"
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(pixels)" height="\(pixels)" \
            viewBox="0 0 \(extent) \(extent)" shape-rendering="crispEdges">\
            <rect width="\(extent)" height="\(extent)" fill="\(Self.escaped(lightColor))"/>\
            <path fill="\(Self.escaped(darkColor))" d="\(path)"/></svg>

            """
    }

    /// `text` safe inside a double-quoted XML attribute.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
