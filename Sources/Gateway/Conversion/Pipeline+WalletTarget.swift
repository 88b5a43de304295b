import Mapping
import Pipeline

/// The TSG wallet takes only VCs made for its import schema, i.e. from profiles with
/// `target: tsg-wallet`. The VC of any other profile (an Open Badge, whose issuer is an object,
/// say) is refused before a request is made, with a reason that names the profile and its
/// target, rather than being sent and dying on the wallet's 400.
extension Pipeline {
    /// Why the VCs of profile `name` must not go to the TSG wallet, or `nil` when they may.
    public func walletRefusal(forProfile name: String) -> String? {
        guard let profile = profiles.profile(named: name) else {
            return "profile '\(name)' is not among the loaded profiles, so its target is unknown"
        }
        guard profile.target != .tsgWallet else { return nil }
        return "profile '\(name)' has target '\(profile.target.rawValue)': only VCs of profiles with "
            + "target '\(TargetSchema.tsgWallet.rawValue)' go to the TSG wallet (set that target and meet "
            + "its import schema, or leave this profile out of the profiles the gateway delivers)"
    }

    /// The loaded profiles whose VCs the wallet door refuses, for a warning at start.
    public var nonWalletProfiles: [String] {
        profiles.profiles.filter { $0.target != .tsgWallet }.map(\.name)
    }
}
