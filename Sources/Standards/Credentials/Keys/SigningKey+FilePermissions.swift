import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How far a private key file's mode exposes it, judged before the key is read.
///
/// A key file that group or others can write is refused outright: whoever can write it can
/// make the issuer sign with their key. One that others can read is usual for secrets mounted
/// into containers (0644), so it is a warning unless `strict` (`signing.strict_key_mode`).
/// Group read (0640, a service group) is accepted: that is how a key is shared with one account.
public enum KeyFilePermissions {
    /// Group or others may write: always refused.
    public static let groupOrOthersWrite: UInt32 = 0o022
    /// Others may read.
    public static let othersRead: UInt32 = 0o004

    /// Checks the mode of the key file at `path`; returns a warning sentence when others can read it
    /// (and `strict` is off), `nil` when the mode is fine. Throws when group/others can write it,
    /// or others can read it and `strict` is on. A file that does not exist is left to the reader.
    public static func check(path: String, strict: Bool) throws(KeyError) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let mode = UInt32(status.st_mode) & 0o7777
        let shown = String(mode, radix: 8)
        if mode & groupOrOthersWrite != 0 {
            throw .insecureFile(
                path: path, mode: shown,
                reason: "group or others can write it; run `chmod 600 \(path)` (owner read/write only)")
        }
        if mode & othersRead != 0 {
            let advice = "others can read it; run `chmod 600 \(path)` (or 640 with a service group)"
            if strict {
                throw .insecureFile(path: path, mode: shown, reason: advice + " — signing.strict_key_mode refuses it")
            }
            return "key file \(path) has mode \(shown): \(advice)"
        }
        return nil
    }

    /// Writes `warning` to standard error: the default for commands that have no logger.
    @Sendable public static func warnOnStandardError(_ warning: String) {
        FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
    }
}
