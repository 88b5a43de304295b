import Foundation
import JSONCanonical

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SigningKey {
    /// Loads a private JWK file after checking its mode (``KeyFilePermissions``): a file others
    /// can write is refused; one others can read is refused under `strictKeyMode`, else `warn`
    /// is told how to fix it.
    public static func load(
        from path: String, strictKeyMode: Bool = false,
        warn: (String) -> Void = KeyFilePermissions.warnOnStandardError
    ) throws(KeyError) -> SigningKey {
        if let warning = try KeyFilePermissions.check(path: path, strict: strictKeyMode) { warn(warning) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .file(path: path, reason: "cannot read the key file (\(error.localizedDescription))")
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: Array(data))
        } catch {
            throw .file(path: path, reason: "not a JSON key file: \(error)")
        }
        do {
            return try SigningKey(jwk: try JWK(json: json))
        } catch {
            throw .file(path: path, reason: error.description)
        }
    }

    /// Writes the private JWK with file mode 0600.
    ///
    /// The file is created with that mode (`open` with `O_CREAT|O_EXCL`, mode 0600), so it is
    /// never readable by others, not even between creation and a later `chmod`. Replacing an
    /// existing file writes a fresh 0600 file beside it and renames it over the old one.
    public func save(to path: String, overwrite: Bool = false) throws(KeyError) {
        let bytes = Array((exportPrivateJWK().json.prettyString + "\n").utf8)
        if !overwrite {
            try Self.writeNew(bytes, to: path, reportAs: path)
            return
        }
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try Self.writeNew(bytes, to: temporary, reportAs: path)
        guard rename(temporary, path) == 0 else {
            let reason = Self.systemError()
            unlink(temporary)
            throw .file(path: path, reason: "cannot replace the key file (\(reason))")
        }
    }

    private static func writeNew(_ bytes: [UInt8], to path: String, reportAs shown: String) throws(KeyError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw .fileExists(path: shown) }
            throw .file(path: shown, reason: "cannot create the key file (\(systemError()))")
        }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = systemError()
                close(descriptor)
                unlink(path)
                throw .file(path: shown, reason: "cannot write the key file (\(reason))")
            }
            written += result
        }
        let synced = fsync(descriptor) == 0
        let closed = close(descriptor) == 0
        guard synced, closed else {
            let reason = systemError()
            unlink(path)
            throw .file(path: shown, reason: "cannot write the key file (\(reason))")
        }
    }

    private static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
