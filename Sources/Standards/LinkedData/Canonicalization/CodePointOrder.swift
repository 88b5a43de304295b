import Foundation

/// Code point order, which RDFC-1.0 uses for every sort; for UTF-8 it is plain byte order, so
/// the comparisons run on bytes with `memcmp`.
enum CodePointOrder {
    /// Whether `lhs` sorts before `rhs`.
    static func less(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in less(left, right) }
        }
    }

    /// Whether `lhs` sorts before `rhs`, comparing their UTF-8 encodings.
    static func less(_ lhs: String, _ rhs: String) -> Bool {
        var left = lhs
        var right = rhs
        return left.withUTF8 { leftBytes in right.withUTF8 { rightBytes in less(leftBytes, rightBytes) } }
    }

    private static func less(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(left.count, right.count)
        if common > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress {
            let order = memcmp(leftBase, rightBase, common)
            if order != 0 { return order < 0 }
        }
        return left.count < right.count
    }
}
