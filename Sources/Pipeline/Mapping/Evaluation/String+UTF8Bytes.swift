extension String {
    /// Runs `body` on the UTF-8 bytes without copying them (native strings are contiguous);
    /// `Array(utf8)` allocated for every date and hash input of a mapping.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}
