import DCP
import Destination
import Pipeline
import FileSink
import OID4VCI
import TSGWallet

/// The destination kinds certbridge knows; adding a destination is its folder plus one line here.
public enum DestinationCatalog {
    /// Every kind, in the order a profile target is matched.
    public static let kinds = DestinationKinds([
        .tsgWallet,
        .file,
        .dcp,
        .oid4vci,
    ])

    /// Every profile's credentials in its target's form, none refused: `convert` writing files,
    /// `profiles test`, and the tests of the pipeline.
    public static var formsOnly: ProfileRoutes { ProfileRoutes(forms: kinds.forms) }
}
