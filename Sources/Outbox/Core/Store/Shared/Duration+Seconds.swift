import Foundation

extension Duration {
    /// The duration in (fractional) seconds, for `Date` arithmetic and database columns.
    public var seconds: Double {
        let (whole, atto) = components
        return Double(whole) + Double(atto) / 1e18
    }
}
