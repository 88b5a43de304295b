import DIDResolution
import Foundation
import Yams

extension GatewayConfiguration {
    /// `did_resolution:`, optional: the guarded client's address allow-list, trust roots, limits and
    /// cache bounds. Every value is checked here, so a typo in a CIDR fails `config check`, not a delivery.
    static func readDIDResolution(_ top: Node.Mapping?, _ reader: inout ConfigurationReader, directory: String)
        -> DIDResolutionSettings
    {
        var settings = DIDResolutionSettings()
        let section = reader.mapping(
            top?["did_resolution"], "did_resolution",
            known: ConfigurationSchema.keys(of: "did_resolution"), required: false)
        settings.allowNetworks = readList(section, "allow_networks", &reader).compactMap { item in
            do {
                return try CIDR(parsing: item.text)
            } catch {
                reader.problem(item.node, "did_resolution.allow_networks", "\(error)")
                return nil
            }
        }
        settings.trustRoots = readList(section, "trust_roots", &reader).compactMap { item in
            let path = ConfigurationReader.absolute(item.text, in: directory)
            guard FileManager.default.isReadableFile(atPath: path) else {
                reader.problem(item.node, "did_resolution.trust_roots", "PEM file \(path) cannot be read")
                return nil
            }
            return path
        }
        settings.timeout = reader.duration(section, "timeout", "did_resolution.timeout", default: settings.timeout)
        settings.connectTimeout = reader.duration(
            section, "connect_timeout", "did_resolution.connect_timeout", default: settings.connectTimeout)
        for (value, field) in [(settings.timeout, "timeout"), (settings.connectTimeout, "connect_timeout")]
        where value < .milliseconds(100) || value > .seconds(120) {
            reader.problem(section?[field], "did_resolution.\(field)", "must be between 100ms and 2m")
        }
        settings.maxBytes = reader.integer(
            section, "max_bytes", "did_resolution.max_bytes", default: settings.maxBytes, range: 1024...16_777_216)
        settings.maxRedirects = reader.integer(
            section, "max_redirects", "did_resolution.max_redirects", default: settings.maxRedirects, range: 0...10)
        settings.cacheDefaultSeconds = seconds(
            reader.duration(section, "cache_default", "did_resolution.cache_default", default: .seconds(settings.cacheDefaultSeconds)))
        settings.cacheCeilingSeconds = seconds(
            reader.duration(section, "cache_ceiling", "did_resolution.cache_ceiling", default: .seconds(settings.cacheCeilingSeconds)))
        if settings.cacheDefaultSeconds > settings.cacheCeilingSeconds {
            reader.problem(section?["cache_default"], "did_resolution.cache_default", "must not be longer than did_resolution.cache_ceiling")
        }
        settings.cacheMaxEntries = reader.integer(
            section, "cache_entries", "did_resolution.cache_entries", default: settings.cacheMaxEntries, range: 1...1_000_000)
        return settings
    }

    /// A sequence of non-empty strings (a single string counts as a list of one).
    static func readList(
        _ section: Node.Mapping?, _ key: String, _ reader: inout ConfigurationReader, in sectionName: String = "did_resolution"
    ) -> [(text: String, node: Node)] {
        guard let node = section?[key] else { return [] }
        if let text = node.scalar?.string, !text.isEmpty { return [(text, node)] }
        guard let sequence = node.sequence else {
            reader.problem(node, "\(sectionName).\(key)", "must be a list of strings")
            return []
        }
        return sequence.compactMap { item in
            guard let text = item.scalar?.string, !text.isEmpty else {
                reader.problem(item, "\(sectionName).\(key)", "must be a list of non-empty strings")
                return nil
            }
            return (text, item)
        }
    }

    private static func seconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds)
    }
}
