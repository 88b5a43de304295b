import Destination
import FileSink
import TSGWallet

/// The destination kinds certbridge knows; adding a destination is its folder plus one line here.
public enum DestinationCatalog {
    /// Every kind, in the order a profile target is matched.
    public static let kinds = DestinationKinds([
        .tsgWallet,
        .file,
    ])
}
