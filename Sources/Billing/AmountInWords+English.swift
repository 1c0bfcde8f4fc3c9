import ERPCore
// English cardinal numbers in words, in the style of US cheques: short-scale names (a billion is
// 10⁹), no commas, no "and" inside the number ("one hundred one"), tens and units joined by a
// hyphen ("twenty-one"), groups of three zeros left out ("one million", not "one million zero
// thousand"), and "zero" for 0.

/// English cardinal numbers spelled out.
enum EnglishNumber {
    /// The words of `number`, lower case: `words(2_021)` is `["two", "thousand", "twenty-one"]`.
    static func words(_ number: UInt64) -> [String] {
        guard number > 0 else { return ["zero"] }
        var words: [String] = []
        for (divisor, name) in scales {
            let group = number / divisor % 1000
            guard group > 0 else { continue }
            words += triad(group)
            words.append(name)
        }
        let units = number % 1000
        if units > 0 { words += triad(units) }
        return words
    }

    /// The words of 1…999.
    private static func triad(_ number: UInt64) -> [String] {
        var words: [String] = []
        let hundreds = Int(number / 100), rest = Int(number % 100)
        if hundreds > 0 { words += [small[hundreds], "hundred"] }
        if rest >= 20 {
            let unit = rest % 10
            words.append(unit == 0 ? tens[rest / 10] : tens[rest / 10] + "-" + small[unit])
        } else if rest > 0 {
            words.append(small[rest])
        }
        return words
    }

    /// The scale words above the units, largest first; UInt64 reaches 18 quintillion.
    private static let scales: [(UInt64, String)] = [
        (1_000_000_000_000_000_000, "quintillion"), (1_000_000_000_000_000, "quadrillion"),
        (1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"),
        (1_000, "thousand"),
    ]

    private static let small = [
        "", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    private static let tens = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ]
}
