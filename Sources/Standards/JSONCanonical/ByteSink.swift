/// The growing output of a writer.
///
/// An `[UInt8]` pays a uniqueness and capacity check plus a generic call for every append; a
/// credential is written as a few hundred small pieces, so that overhead was a third of the
/// writer's cost. This buffer checks capacity once per piece and lends the bytes out once.
///
/// It starts in memory the caller lends (a buffer on the stack, see
/// ``JSONWriter/withBytes(_:_:)``) and moves to the heap only when that is full.
struct ByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    /// Whether `base` was allocated here (and is freed here), rather than lent.
    private var ownsBase: Bool

    /// A sink that writes into `storage` until it is full; `storage` must outlive the sink.
    init(lending storage: UnsafeMutableBufferPointer<UInt8>) {
        if let start = storage.baseAddress, storage.count >= 16 {
            base = start
            capacity = storage.count
            ownsBase = false
        } else {
            capacity = 16
            base = UnsafeMutablePointer<UInt8>.allocate(capacity: 16)
            ownsBase = true
        }
    }

    deinit { if ownsBase { base.deallocate() } }

    /// Makes room for `extra` more bytes, so the unchecked writes below stay inside the buffer.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if capacity - count < extra { grow(toAtLeast: count + extra) }
    }

    private mutating func grow(toAtLeast needed: Int) {
        // Out of a lent buffer straight to 4 KiB: what outgrows the stack buffer is a credential
        // (1–3 KiB), which then needs one heap buffer, not two.
        var newCapacity = ownsBase ? capacity * 2 : max(capacity * 2, 4096)
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        if ownsBase { base.deallocate() }
        base = newBase
        capacity = newCapacity
        ownsBase = true
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ a: UInt8, _ b: UInt8) {
        reserve(2)
        base[count] = a
        base[count + 1] = b
        count += 2
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func append(_ bytes: StaticString) {
        bytes.withUTF8Buffer { append($0) }
    }

    /// Appends without a capacity check; the caller has reserved room for it.
    @inline(__always)
    mutating func appendReserved(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    /// Appends without a capacity check; the caller has reserved room for it.
    @inline(__always)
    mutating func appendReserved(_ source: UnsafePointer<UInt8>, count length: Int) {
        (base + count).initialize(from: source, count: length)
        count += length
    }

    /// Appends the decimal digits of an integer, with a minus sign when negative.
    mutating func appendDecimal(_ value: Int64) {
        reserve(20)
        if value < 0 { appendReserved(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        let end = count + digits
        var slot = end
        repeat {
            slot -= 1
            base[slot] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        count = end
    }

    /// Calls `body` with the bytes written so far.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: base, count: count))
    }
}
