import ERPCore
// Russian cardinal numbers in words, with the grammar a sum in words needs:
//
// - Gender of 1 and 2 follows the noun counted: "один рубль", "два рубля", but "одна тысяча",
//   "две тысячи" (тысяча is feminine; миллион, миллиард, … are masculine like рубль).
// - The noun after a number takes one of three forms by the number's last two digits: 1 (but not
//   11) → "рубль"; 2–4 (but not 12–14) → "рубля"; everything else, 11–19 included → "рублей".
// - A group of three digits that is all zeros says nothing: 1 000 000 is "один миллион", not
//   "один миллион ноль тысяч"; zero itself is "ноль".

/// The grammatical gender a Russian number agrees with (only 1 and 2 change with it).
enum RussianGender {
    /// рубль, миллион: "один", "два".
    case masculine
    /// тысяча, копейка: "одна", "две".
    case feminine
}

/// Russian cardinal numbers spelled out.
enum RussianNumber {
    /// The words of `number` agreeing with a noun of `gender`, lower case, without the noun:
    /// `words(2_021, gender: .feminine)` is `["две", "тысячи", "двадцать", "одна"]`.
    static func words(_ number: UInt64, gender: RussianGender) -> [String] {
        guard number > 0 else { return ["ноль"] }
        var words: [String] = []
        for scale in scales {
            let group = number / scale.divisor % 1000
            guard group > 0 else { continue }
            words += triad(group, gender: scale.gender)
            words.append(plural(group, one: scale.one, few: scale.few, many: scale.many))
        }
        let units = number % 1000
        if units > 0 { words += triad(units, gender: gender) }
        return words
    }

    /// The form of a noun counted by `number`: `one` for 1, 21, 101 …; `few` for 2–4, 22–24 …;
    /// `many` for 0, 5–20, 25–30, … and for every number ending in 11–14.
    static func plural(_ number: UInt64, one: String, few: String, many: String) -> String {
        let lastTwo = number % 100
        if (11...14).contains(lastTwo) { return many }
        switch lastTwo % 10 {
        case 1: return one
        case 2, 3, 4: return few
        default: return many
        }
    }

    /// The words of 1…999.
    private static func triad(_ number: UInt64, gender: RussianGender) -> [String] {
        var words: [String] = []
        let hundreds = Int(number / 100), rest = Int(number % 100)
        if hundreds > 0 { words.append(self.hundreds[hundreds]) }
        if (10...19).contains(rest) {
            words.append(teens[rest - 10])
            return words
        }
        if rest >= 20 { words.append(tens[rest / 10]) }
        let unit = rest % 10
        switch (unit, gender) {
        case (0, _): break
        case (1, .feminine): words.append("одна")
        case (2, .feminine): words.append("две")
        default: words.append(units[unit])
        }
        return words
    }

    /// The scale words above the units, largest first; UInt64 reaches 18 quintillion.
    private static let scales: [(divisor: UInt64, gender: RussianGender, one: String, few: String, many: String)] = [
        (1_000_000_000_000_000_000, .masculine, "квинтиллион", "квинтиллиона", "квинтиллионов"),
        (1_000_000_000_000_000, .masculine, "квадриллион", "квадриллиона", "квадриллионов"),
        (1_000_000_000_000, .masculine, "триллион", "триллиона", "триллионов"),
        (1_000_000_000, .masculine, "миллиард", "миллиарда", "миллиардов"),
        (1_000_000, .masculine, "миллион", "миллиона", "миллионов"),
        (1_000, .feminine, "тысяча", "тысячи", "тысяч"),
    ]

    private static let units = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
    private static let teens = [
        "десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать",
        "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать",
    ]
    private static let tens = [
        "", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто",
    ]
    private static let hundreds = [
        "", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот",
    ]
}
