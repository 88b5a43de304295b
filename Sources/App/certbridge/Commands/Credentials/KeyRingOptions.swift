import ArgumentParser
import Composition
import Credentials

/// Where `keys rotate` and `keys retire` find the key ring: `--key-ring DIR`, else the
/// configuration's `signing.key`.
struct KeyRingOptions: ParsableArguments {
    @Option(name: .customLong("key-ring"), help: "The key ring directory (default: signing.key of --config).")
    var keyRing: String?

    @Option(name: .long, help: "Configuration file whose signing.key names the key ring. \(ConfigOption.help)")
    var config: String?

    /// The ring's directory and whether `signing.strict_key_mode` is on.
    func location() throws -> (directory: String, strictKeyMode: Bool) {
        if let keyRing { return (keyRing, false) }
        do {
            let settings = try GatewayConfiguration.signingKeySettings(configurationFile: ConfigOption.path(config))
            return (settings.keyPath, settings.strictKeyMode)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// Loads the ring, explaining how to make one when `directory` is a single key file.
    func load() throws -> KeyRing {
        let (directory, strict) = try location()
        guard KeyRing.isKeyRing(directory) else {
            throw CommandFailure(
                "\(directory) is one key file, not a key ring: make a ring of it with "
                    + "`certbridge keys rotate --key-ring DIR --import \(directory)`, then set signing.key: DIR")
        }
        do {
            return try KeyRing.load(directory: directory, strictKeyMode: strict)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
