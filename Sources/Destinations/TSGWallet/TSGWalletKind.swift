import Destination
import Mapping

/// The TSG wallet's name in profiles and the configuration.
public enum TSGWalletKind {
    /// `tsg-wallet`.
    public static let name = ProfileTarget.tsgWallet.rawValue
}

extension DestinationKind {
    /// The TSG wallet's credential import (OAuth2 password grant): takes profiles with
    /// `target: tsg-wallet`, in its import form (``TSGImportForm``).
    public static let tsgWallet = DestinationKind(
        name: TSGWalletKind.name, targets: [.tsgWallet], form: TSGImportForm(),
        summary: "the TSG wallet's credential import endpoint (OAuth2 password grant)")
}
