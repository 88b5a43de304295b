/// The DATA payload (RFC 5321 §4.5.2): CRLF line endings, a `.` doubled at the start of each line
/// that has one, and the `CRLF . CRLF` terminator.
public enum SMTPData {
    /// `message` made transparent: bare CR or LF become CRLF, leading dots doubled, terminator added.
    public static func stuffed(_ message: some Sequence<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        var atLineStart = true
        var previousCR = false
        for byte in message {
            switch byte {
            case 0x0D:
                output += [0x0D, 0x0A]
                atLineStart = true
                previousCR = true
                continue
            case 0x0A:
                if !previousCR { output += [0x0D, 0x0A] }
                atLineStart = true
            default:
                if atLineStart && byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
                output.append(byte)
                atLineStart = false
            }
            previousCR = false
        }
        if !atLineStart { output += [0x0D, 0x0A] }
        output += Array(".\r\n".utf8)
        return output
    }
}
