import AsyncHTTPClient
import Secrets

/// One destination's configuration section, as its kind reads it. The composition root
/// implements it over the configuration file: every problem is recorded at its line, unknown
/// keys are reported, secrets come only from `${ENV}` or `file:` references, and paths are taken
/// from the file's directory.
public protocol DestinationSettingsReader: AnyObject {
    /// A required non-empty string; `nil`, with the problem recorded, when missing or empty.
    func string(_ key: String) -> String?
    /// An optional string.
    func optionalString(_ key: String) -> String?
    /// A required http(s) URL.
    func url(_ key: String) -> String?
    /// A secret reference, resolved; `nil` when absent (a problem too when `required`).
    func secret(_ key: String, required: Bool) -> Secret?
    /// A required path, made absolute from the configuration file's directory.
    func path(_ key: String) -> String?
    /// An optional duration (`90s`, `5m`, `30d`); `nil` when absent (a problem when malformed).
    func duration(_ key: String) -> Duration?
    /// Records a problem with `key` (the section's own position when the key is absent).
    func problem(_ key: String, _ message: String)
}

/// A destination's checked settings: what the configuration says, able to build the destination.
public protocol DestinationSettings: Sendable {
    /// The kind these settings configure.
    var kind: DestinationKind { get }
    /// What `config check` and the start-up log show (a URL or a path; never a secret).
    var label: String { get }
    /// Builds the destination with what the composition root shares (no request is made here).
    func makeDestination(context: DestinationContext) -> any Destination
}
