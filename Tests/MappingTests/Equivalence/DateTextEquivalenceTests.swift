import Foundation
import TestSupport
import Testing

@testable import Mapping

/// The byte-level date reading and writing (DateText) against the interpolating and
/// array-copying code it replaced (`reference...`, kept in the module).
@Suite("date text fast paths agree with the reference code")
struct DateTextEquivalenceTests {
    /// Valid forms and near misses: fractions, offsets, lengths, non-ASCII, a time on a date.
    static let samples = [
        "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "2024-13-01", "2024-00-10", "2024-1-01", "2024-01-01T",
        "2024-01-01T10:00:00Z", "2024-01-01x", "２０２４-01-01", "2024-01-0١", "2024-01-01T23:59:60Z", "2024-01-01T24:00:00Z",
        "2024-05-01T00:00:00.000Z", "2024-05-01T00:00:00.Z", "2024-05-01T00:00:00+02:00", "2024-05-01T00:00:00-09:30",
        "2024-05-01T00:00:00+0200", "2024-05-01T00:00:00", "2024-05-01T00:00:00Zz", "2024-05-01T00:00:00.123456789-00:00",
        "2024-05-01 00:00:00Z", "2024-05-01T00:00:00+99:99", "2024-05-01T0é:00:00Z", "", "2024-05-01T00:00:00.5+01:00",
    ]

    @Test("CalendarDate(parsing:) and DateTimeValue(parsing:) read what the reference reads, on samples and mutations")
    func parsing() {
        var generator = SeededGenerator(seed: 7)
        let alphabet = ["0", "1", "2", "9", "-", ":", "T", "Z", "+", ".", "é", " ", "x"]
        var inputs = Self.samples
        for sample in Self.samples where !sample.isEmpty {
            // Every single-character replacement and every prefix of each sample.
            let characters = Array(sample)
            for index in characters.indices {
                for replacement in alphabet {
                    var changed = characters
                    changed[index] = Character(replacement)
                    inputs.append(String(changed))
                }
                inputs.append(String(characters[..<index]))
            }
        }
        for _ in 0..<5_000 { inputs.append(generator.text(from: alphabet, maxLength: 30)) }
        var parsed = 0
        for input in inputs {
            #expect(CalendarDate(parsing: input) == CalendarDate(referenceParsing: input), "\(input)")
            let value = DateTimeValue(parsing: input)
            #expect(value == DateTimeValue(referenceParsing: input), "\(input)")
            if value != nil { parsed += 1 }
        }
        #expect(parsed > 100)
    }

    @Test("description writes what the interpolated form writes, across years, offsets and odd fields")
    func writing() {
        var generator = SeededGenerator(seed: 11)
        var checked = 0
        let offsets = [0, 3600, -3600, 5 * 3600 + 1800, -(9 * 3600 + 30 * 60), 14 * 3600, 45, -59, 99 * 3600 + 3599, 100 * 3600, -100 * 3600 - 1]
        let epochs = [0, -1, 86_399, 86_400, -62_167_219_200, -62_167_219_201, 253_402_300_799, 253_402_300_800, 1_709_164_800]
        for epoch in epochs {
            for offset in offsets {
                let value = DateTimeValue(epochSeconds: epoch, offsetSeconds: offset)
                #expect(value.description == value.referenceDescription, "\(epoch) \(offset)")
                checked += 1
            }
        }
        for _ in 0..<20_000 {
            let epoch = Int.random(in: -70_000_000_000...300_000_000_000, using: &generator)
            let offset = offsets.randomElement(using: &generator) ?? 0
            let value = DateTimeValue(epochSeconds: epoch, offsetSeconds: offset)
            #expect(value.description == value.referenceDescription, "\(epoch) \(offset)")
            let date = value.localParts.date
            #expect(date.description == date.referenceDescription, "\(epoch)")
            checked += 1
        }
        // Fields out of their usual range (the struct's members are public and mutable).
        for year in [-10, -1, 0, 5, 999, 9999, 10_000, 123_456] {
            for month in [-1, 0, 1, 12, 99, 100] {
                for day in [-3, 0, 7, 31, 99, 100] {
                    guard var date = CalendarDate(year: 2000, month: 1, day: 1) else { continue }
                    date.year = year
                    date.month = month
                    date.day = day
                    #expect(date.description == date.referenceDescription, "\(year) \(month) \(day)")
                    checked += 1
                }
            }
        }
        #expect(checked > 20_000)
    }
}
