// Test-only: reproducible "random" data for property-style tests.

/// SplitMix64: a tiny seeded generator, so "random" test values are the same on every run.
package struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Extremes, small values around zero, and 10,000 values spread over every magnitude.
    package static func sampleInt64s(seed: UInt64, count: Int = 10_000) -> [Int64] {
        var generator = SplitMix64(seed: seed)
        var values: [Int64] = [
            .min, .min + 1, .max, .max - 1, 0, 1, -1, 9, 10, 99, 100, 101, -99, -100, -101, 999, 1000, -1000,
        ]
        for _ in 0..<count {
            let raw = Int64(bitPattern: generator.next())
            values.append(raw >> Int64(generator.next() % 64))  // shift: all magnitudes, both signs
        }
        return values
    }
}
