import Foundation
import QRCode
import Testing
import TestSupport

/// A reader certbridge did not write, zbar, decodes our SVG back to the text: the SVG is
/// rendered to PNG with `rsvg-convert` (zbarimg reads no SVG) and read with `zbarimg --raw -q`.
/// Both come from Debian (`apt-get install zbar-tools librsvg2-bin`; `.ci/run` installs them).
/// When they are missing the tests fail; `CERTBRIDGE_SKIP_ZBAR=1` skips them instead, with a note.
@Suite(
    "zbarimg reads our QR codes",
    .enabled(
        if: ProcessInfo.processInfo.environment["CERTBRIDGE_SKIP_ZBAR"] != "1",
        "skipped because CERTBRIDGE_SKIP_ZBAR=1: our SVG QR codes were NOT checked with zbarimg")
)
struct QRCodeZbarTests {
    struct ToolFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// `name` on the PATH, or a failure that says how to install it.
    static func tool(_ name: String, package: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw ToolFailure(
            description: "\(name) is not installed: apt-get install -y \(package) (CI installs it), "
                + "or set CERTBRIDGE_SKIP_ZBAR=1 to skip the zbar tests")
    }

    /// What zbarimg reads from `code` drawn as SVG and rendered to PNG.
    static func decode(_ code: QRCode) async throws -> String {
        let rsvg = try tool("rsvg-convert", package: "librsvg2-bin")
        let zbarimg = try tool("zbarimg", package: "zbar-tools")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let svg = directory.appendingPathComponent("code.svg")
        let png = directory.appendingPathComponent("code.png")
        try Data(code.svg(moduleSize: 4).utf8).write(to: svg)
        let render = try await BuiltExecutable.run(executable: rsvg, arguments: ["-o", png.path, svg.path])
        guard render.status == 0 else { throw ToolFailure(description: "rsvg-convert exited \(render.status): \(render.stderr)") }
        let read = try await BuiltExecutable.run(executable: zbarimg, arguments: ["--raw", "-q", png.path])
        guard read.status == 0 else {
            throw ToolFailure(description: "zbarimg found no QR code (exit \(read.status)): \(read.stderr)")
        }
        // zbarimg ends each symbol with a newline.
        return read.stdout.hasSuffix("\n") ? String(read.stdout.dropLast()) : read.stdout
    }

    @Test(
        "zbarimg decodes the text back",
        arguments: [
            "certbridge", "Zoë — naïve café, 東京 🚀", QRCodeTestTexts.offerURL, QRCodeTestTexts.longOfferURL,
        ])
    func decodesText(_ text: String) async throws {
        let code = try QRCode.encode(text)
        #expect(try await Self.decode(code) == text)
    }

    @Test("zbarimg decodes high versions (two alignment rows and version information)", arguments: [22, 40])
    func decodesHighVersion(_ version: Int) async throws {
        let text = QRCodeTestTexts.mixed(bytes: QRCodeTestTexts.byteCapacity[version - 1])
        let code = try QRCode.encode(text)
        #expect(code.version == version)
        #expect(try await Self.decode(code) == text)
    }
}
