// The demo's own random numbers: SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom
// number generators", OOPSLA 2014), seeded, so the same seed loads the same business on every
// machine and every Swift version — the standard library's generator promises neither.
// Integers only: amounts and quantities are built from whole kopecks and thousandths.

/// A seeded SplitMix64 generator with the few draws the demo needs.
struct DemoRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose whole sequence is decided by `seed`.
    init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly drawn integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(below(UInt64(range.upperBound - range.lowerBound) + 1))
    }

    /// A uniformly drawn `Int64` in `range`.
    mutating func int64(in range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(below(UInt64(range.upperBound - range.lowerBound) + 1))
    }

    /// A uniform draw from 0..<bound without modulo bias: draws below the uneven tail of the
    /// 64-bit range are rejected. Our own rather than `UInt64.random(in:using:)`, whose way of
    /// using the generator's bits is not promised to stay the same.
    private mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "an empty range")
        let tail = (0 &- bound) % bound
        while true {
            let draw = next()
            if draw >= tail { return draw % bound }
        }
    }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool {
        int(in: 0...99) < percent
    }

    /// A uniformly chosen element of a non-empty collection.
    mutating func pick<C: RandomAccessCollection>(_ items: C) -> C.Element {
        precondition(!items.isEmpty, "nothing to pick from")
        return items[items.index(items.startIndex, offsetBy: int(in: 0...(items.count - 1)))]
    }

    /// `count` distinct elements of `items` (all of them when there are fewer), in random order.
    mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        let wanted = min(count, pool.count)
        for index in 0..<wanted { pool.swapAt(index, int(in: index...(pool.count - 1))) }
        return Array(pool.prefix(wanted))
    }

    /// A string of `count` random decimal digits.
    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(String(int(in: 0...9))) })
    }
}

/// Draws by weight in O(log n): cumulative weights and a binary search.
struct WeightedChoice: Sendable {
    private let cumulative: [Int64]

    /// A choice among `weights.count` indices, each as likely as its (positive) weight.
    init(_ weights: [Int64]) {
        var total: Int64 = 0
        cumulative = weights.map { weight in
            total += max(1, weight)
            return total
        }
    }

    /// An index drawn with probability weight / total.
    func draw(using random: inout DemoRandom) -> Int {
        let target = random.int64(in: 0...(cumulative[cumulative.count - 1] - 1))
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
