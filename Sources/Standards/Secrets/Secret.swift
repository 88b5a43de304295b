/// A secret value (API token, webhook secret, password) that never prints itself.
///
/// Logs, errors and `String(describing:)` only ever see `<redacted>`, so passing a `Secret`
/// through string interpolation by mistake cannot leak it.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret text; read it only where it is put on the wire.
    public let value: String

    /// Wraps a secret value.
    public init(_ value: String) {
        self.value = value
    }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }

    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
}
