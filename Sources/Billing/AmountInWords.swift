// The amount in words ("сумма прописью") that invoices, UPDs and acts print under their totals.
//
// Roubles are spelled out, kopecks stay in two digits, as the forms do:
//   Russian: "Одна тысяча двести тридцать четыре рубля 50 копеек"
//   English: "One thousand two hundred thirty-four roubles and 50 kopecks"
// The number grammar lives in AmountInWords+Russian.swift and AmountInWords+English.swift.

import ERPCore

/// Spells amounts of money in words for the printed forms.
///
/// Only roubles are spelled (one currency per install); the whole Int64 range of kopecks is
/// covered, up to "Девяносто два квадриллиона … рубля 07 копеек". A negative amount (a reversing
/// document's total) is spelled explicitly with a leading "Минус" / "Minus" rather than refused,
/// so a form can never print the words of the amount's magnitude as if it were positive.
package enum AmountInWords {
    /// The Russian form: the roubles spelled out with the right gender and case ("одна тысяча",
    /// "два рубля", "пять рублей", 11–19 always "рублей"), kopecks as two digits with the noun in
    /// the form their number takes ("01 копейка", "02 копейки", "05 копеек"), first letter capital.
    ///
    /// `0.00` → "Ноль рублей 00 копеек"; `1234.50` → "Одна тысяча двести тридцать четыре рубля
    /// 50 копеек"; `-1.00` → "Минус один рубль 00 копеек".
    /// - Throws: `ValueError.outOfRange` for an amount in a currency other than RUB.
    package static func russian(_ amount: Money) throws(ValueError) -> String {
        let (negative, roubles, kopecks) = try split(amount)
        var words = RussianNumber.words(roubles, gender: .masculine)
        words.append(RussianNumber.plural(roubles, one: "рубль", few: "рубля", many: "рублей"))
        words.append(twoDigits(kopecks))
        words.append(RussianNumber.plural(kopecks, one: "копейка", few: "копейки", many: "копеек"))
        if negative { words.insert("минус", at: 0) }
        return capitalized(words.joined(separator: " "))
    }

    /// The English form, in the style of US cheques without commas: scale words "thousand",
    /// "million", "billion" (short scale), "trillion", "quadrillion"; no "and" inside the number,
    /// tens and units hyphenated ("thirty-four"); then "rouble(s) and NN kopeck(s)", singular only
    /// for exactly one.
    ///
    /// `0.00` → "Zero roubles and 00 kopecks"; `1.01` → "One rouble and 01 kopeck"; `1234.50` →
    /// "One thousand two hundred thirty-four roubles and 50 kopecks"; `-2.00` → "Minus two roubles
    /// and 00 kopecks".
    /// - Throws: `ValueError.outOfRange` for an amount in a currency other than RUB.
    package static func english(_ amount: Money) throws(ValueError) -> String {
        let (negative, roubles, kopecks) = try split(amount)
        var words = EnglishNumber.words(roubles)
        words.append(roubles == 1 ? "rouble" : "roubles")
        words.append("and")
        words.append(twoDigits(kopecks))
        words.append(kopecks == 1 ? "kopeck" : "kopecks")
        if negative { words.insert("minus", at: 0) }
        return capitalized(words.joined(separator: " "))
    }

    /// The sign, whole roubles and kopecks of a rouble amount; the magnitude is taken as UInt64,
    /// so the one amount without a positive opposite (Int64.min kopecks) is spelled too.
    /// - Throws: `ValueError.outOfRange` unless the amount is in RUB.
    private static func split(_ amount: Money) throws(ValueError) -> (Bool, UInt64, UInt64) {
        guard amount.currency == .rub else {
            throw .outOfRange(text: amount.currency.code, range: "RUB, the only currency spelled in words")
        }
        let magnitude = amount.minorUnits.magnitude
        return (amount.isNegative, magnitude / 100, magnitude % 100)
    }

    private static func twoDigits(_ value: UInt64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// The text with its first letter in upper case ("одна" → "Одна", "zero" → "Zero").
    private static func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
