@testable import Mapping

// The readings that DateText replaced (main 23979dc), kept as the reference the tests hold the
// byte-level parser to.

extension CalendarDate {
    static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    init?(referenceParsing text: String) {
        let scalars = Array(text.utf8)
        guard scalars.count >= 10, scalars[4] == UInt8(ascii: "-"), scalars[7] == UInt8(ascii: "-"),
            scalars.count == 10 || scalars[10] == UInt8(ascii: "T"),
            let year = CalendarDate.digits(scalars[0..<4]), let month = CalendarDate.digits(scalars[5..<7]),
            let day = CalendarDate.digits(scalars[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }
}

extension DateTimeValue {
    init?(referenceParsing text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, let date = CalendarDate(referenceParsing: String(decoding: bytes[0..<10], as: UTF8.self)),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let hour = CalendarDate.digits(bytes[11..<13]), let minute = CalendarDate.digits(bytes[14..<16]),
            let second = CalendarDate.digits(bytes[17..<19]), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        if bytes[index] == UInt8(ascii: "Z") {
            guard index + 1 == bytes.count else { return nil }
        } else {
            guard index + 6 == bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"),
                bytes[index + 3] == UInt8(ascii: ":"), let hours = CalendarDate.digits(bytes[index + 1..<index + 3]),
                let minutes = CalendarDate.digits(bytes[index + 4..<index + 6])
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        }
        let local = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second
        self.init(epochSeconds: local - offset, offsetSeconds: offset)
    }
}
