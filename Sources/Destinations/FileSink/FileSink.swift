import AsyncHTTPClient
import Destination
import Foundation
import JSONCanonical
import Mapping
import Outbox

/// Writes each signed VC as a JSON file in a directory, named after its `id`: an archive, a hand-off
/// folder another system picks up, or a holder-less export.
///
/// A write is atomic and never replaces a file: the VC goes to a temporary file in the same
/// directory, is flushed to disk, and is then linked under its final name, so a reader never sees
/// half a credential and a crash leaves at most a temporary file. A file already there under the
/// name means the VC was delivered before (ids are deterministic), as a wallet's 409 does.
public struct FileSink: Destination {
    /// The directory the files go to.
    public let directory: URL

    /// A sink writing into `directory` (created, with its parents, at the first write if missing).
    public init(directory: URL) {
        self.directory = directory
    }

    /// `file`.
    public var kind: DestinationKind { .file }

    /// The directory's path.
    public var label: String { directory.path }

    /// Writes one VC; the receipt is the file's name.
    public func deliver(_ vc: JSONValue, profile: String) async -> DeliveryOutcome {
        guard let id = vc["id"]?.stringValue, !id.isEmpty else {
            return .rejected(reason: "the VC has no 'id', which names its file")
        }
        let name = Self.fileName(forCredentialId: id)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            return .rejected(reason: "cannot write into \(directory.path): it is not a directory")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            return Self.outcome(errno: Self.errnoOf(error), doing: "create the directory \(directory.path)")
        }
        var bytes = JSONWriter(style: .pretty).bytes(vc)
        bytes.append(UInt8(ascii: "\n"))
        return Self.writeOnce(bytes, to: directory.appendingPathComponent(name).path, name: name)
    }

    /// The file name of a VC id: `[A-Za-z0-9._-]` kept, every other byte as `%XX`, `.json` added;
    /// an id whose name would pass 200 bytes is named by its SHA-256 instead. The mapping is one to
    /// one, so two ids never share a file.
    public static func fileName(forCredentialId id: String) -> String {
        var name = ""
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                name.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: ".") where !name.isEmpty:
                name.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                name += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        guard name.utf8.count <= 200 else { return "sha256-" + SHA256Hex.digest(id) + ".json" }
        return name + ".json"
    }

    /// Temporary file, flush, then `link(2)` to the final name: EEXIST means delivered before.
    private static func writeOnce(_ bytes: [UInt8], to path: String, name: String) -> DeliveryOutcome {
        let temporary = path + ".tmp-\(UUID().uuidString)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return outcome(errno: errno, doing: "create \(temporary)") }
        defer { unlink(temporary) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                return outcome(errno: code, doing: "write \(temporary)")
            }
            written += count
        }
        if fsync(descriptor) != 0 {
            let code = errno
            close(descriptor)
            return outcome(errno: code, doing: "flush \(temporary)")
        }
        close(descriptor)
        if link(temporary, path) != 0 {
            if errno == EEXIST { return .alreadyPresent }
            return outcome(errno: errno, doing: "link \(path)")
        }
        return .delivered(receipt: name)
    }

    /// A full disk or an I/O error may pass: retry. A path that cannot be written (permissions, a
    /// read-only file system, a name too long) needs an operator: dead, with the reason.
    static func outcome(errno code: Int32, doing what: String) -> DeliveryOutcome {
        let reason = "cannot \(what): \(String(cString: strerror(code)))"
        switch code {
        case EACCES, EPERM, EROFS, ENAMETOOLONG, ENOTDIR, EISDIR: return .rejected(reason: reason)
        default: return .retryable(reason: reason, retryAfter: nil)
        }
    }

    private static func errnoOf(_ error: any Error) -> Int32 {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain { return Int32(underlying.code) }
        if (error as NSError).domain == NSPOSIXErrorDomain { return Int32((error as NSError).code) }
        return EIO
    }
}

extension DestinationKind {
    /// Signed VCs as files in a directory: takes profiles with `target: generic` (a plain W3C VC)
    /// or `target: file`; configured by `destinations: { file: { directory: … } }`.
    public static let file = DestinationKind(
        name: "file", targets: [.generic, ProfileTarget(rawValue: "file")], form: PlainCredentialForm(),
        summary: "signed VCs written as files in a directory, one per VC id", settingKeys: ["directory"],
        readSettings: FileSinkSettings.read)
}

/// The `destinations.file` section.
public struct FileSinkSettings: DestinationSettings {
    /// The directory (created if missing), absolute.
    public var directory: String

    /// Creates settings.
    public init(directory: String) {
        self.directory = directory
    }

    /// `file`.
    public var kind: DestinationKind { .file }

    /// The directory.
    public var label: String { directory }

    /// The sink.
    public func makeDestination(context: DestinationContext) -> any Destination {
        FileSink(directory: URL(fileURLWithPath: directory))
    }

    @Sendable static func read(_ reader: any DestinationSettingsReader) -> (any DestinationSettings)? {
        reader.path("directory").map(FileSinkSettings.init(directory:))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
