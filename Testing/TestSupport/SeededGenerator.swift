/// A reproducible random source (SplitMix64) for tests that compare a fast path with the code it
/// replaced over generated inputs: a fixed seed checks the same inputs on every run, so a failing
/// input can be found again.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A string of `0...maxLength` pieces drawn from `alphabet`.
    public mutating func text(from alphabet: [String], maxLength: Int) -> String {
        let length = Int.random(in: 0...maxLength, using: &self)
        return (0..<length).map { _ in alphabet.randomElement(using: &self) ?? "" }.joined()
    }
}
