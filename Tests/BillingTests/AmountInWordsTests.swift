import ERPCore
import Testing

@testable import Billing

private func russian(_ text: String) throws -> String { try AmountInWords.russian(Money(parsing: text)) }
private func english(_ text: String) throws -> String { try AmountInWords.english(Money(parsing: text)) }

@Suite("Amount in words")
struct AmountInWordsTests {
    // MARK: Russian

    @Test(arguments: [
        ("0.00", "Ноль рублей 00 копеек"),
        ("1.00", "Один рубль 00 копеек"), ("2.00", "Два рубля 00 копеек"), ("3.00", "Три рубля 00 копеек"),
        ("4.00", "Четыре рубля 00 копеек"), ("5.00", "Пять рублей 00 копеек"), ("6.00", "Шесть рублей 00 копеек"),
        ("7.00", "Семь рублей 00 копеек"), ("8.00", "Восемь рублей 00 копеек"), ("9.00", "Девять рублей 00 копеек"),
        ("1234.50", "Одна тысяча двести тридцать четыре рубля 50 копеек"),
    ])
    func russianUnitsTakeTheRightFormOfRouble(amount: String, words: String) throws {
        #expect(try russian(amount) == words)
    }

    @Test(arguments: [
        ("10", "Десять"), ("11", "Одиннадцать"), ("12", "Двенадцать"), ("13", "Тринадцать"),
        ("14", "Четырнадцать"), ("15", "Пятнадцать"), ("16", "Шестнадцать"), ("17", "Семнадцать"),
        ("18", "Восемнадцать"), ("19", "Девятнадцать"),
    ])
    func russianTeensAlwaysTakeRublej(amount: String, number: String) throws {
        #expect(try russian(amount) == number + " рублей 00 копеек")
        // …at every scale: 11 thousand, 111, 1 011 and 12 million roubles too.
        #expect(try russian("\(amount)000") == number + " тысяч рублей 00 копеек")
        #expect(try russian("1\(amount)").hasSuffix(" рублей 00 копеек"))
        #expect(try russian("\(amount)000000") == number + " миллионов рублей 00 копеек")
    }

    @Test(arguments: [
        ("20", "Двадцать рублей"), ("21", "Двадцать один рубль"), ("22", "Двадцать два рубля"),
        ("24", "Двадцать четыре рубля"), ("25", "Двадцать пять рублей"), ("30", "Тридцать рублей"),
        ("40", "Сорок рублей"), ("50", "Пятьдесят рублей"), ("60", "Шестьдесят рублей"), ("70", "Семьдесят рублей"),
        ("80", "Восемьдесят рублей"), ("90", "Девяносто рублей"), ("99", "Девяносто девять рублей"),
        ("100", "Сто рублей"), ("101", "Сто один рубль"), ("102", "Сто два рубля"), ("110", "Сто десять рублей"),
        ("111", "Сто одиннадцать рублей"), ("112", "Сто двенадцать рублей"), ("121", "Сто двадцать один рубль"),
        ("200", "Двести рублей"), ("300", "Триста рублей"), ("400", "Четыреста рублей"), ("500", "Пятьсот рублей"),
        ("600", "Шестьсот рублей"), ("700", "Семьсот рублей"), ("800", "Восемьсот рублей"),
        ("900", "Девятьсот рублей"), ("999", "Девятьсот девяносто девять рублей"),
    ])
    func russianTensAndHundredsBoundaries(amount: String, words: String) throws {
        #expect(try russian(amount) == words + " 00 копеек")
    }

    @Test(arguments: [
        ("1000", "Одна тысяча рублей"), ("1001", "Одна тысяча один рубль"), ("2000", "Две тысячи рублей"),
        ("3000", "Три тысячи рублей"), ("4000", "Четыре тысячи рублей"), ("5000", "Пять тысяч рублей"),
        ("21000", "Двадцать одна тысяча рублей"), ("22000", "Двадцать две тысячи рублей"),
        ("25000", "Двадцать пять тысяч рублей"), ("101000", "Сто одна тысяча рублей"),
        ("111000", "Сто одиннадцать тысяч рублей"), ("112002", "Сто двенадцать тысяч два рубля"),
        ("1000000", "Один миллион рублей"), ("1000001", "Один миллион один рубль"),
        ("1001000", "Один миллион одна тысяча рублей"), ("2000000", "Два миллиона рублей"),
        ("5000000", "Пять миллионов рублей"), ("21000000", "Двадцать один миллион рублей"),
        ("22000000", "Двадцать два миллиона рублей"), ("1000000000", "Один миллиард рублей"),
        ("2000000000", "Два миллиарда рублей"), ("5000000000", "Пять миллиардов рублей"),
        ("11000000000", "Одиннадцать миллиардов рублей"), ("1000000000000", "Один триллион рублей"),
        ("3000000000000", "Три триллиона рублей"), ("1000000000000000", "Один квадриллион рублей"),
        ("5000000000000000", "Пять квадриллионов рублей"),
    ])
    func russianScalesAgreeInGenderAndNumber(amount: String, words: String) throws {
        #expect(try russian(amount) == words + " 00 копеек")
    }

    @Test(arguments: [
        ("0.01", "01 копейка"), ("0.02", "02 копейки"), ("0.04", "04 копейки"), ("0.05", "05 копеек"),
        ("0.10", "10 копеек"), ("0.11", "11 копеек"), ("0.12", "12 копеек"), ("0.14", "14 копеек"),
        ("0.21", "21 копейка"), ("0.22", "22 копейки"), ("0.25", "25 копеек"), ("0.50", "50 копеек"),
        ("0.91", "91 копейка"), ("0.99", "99 копеек"),
    ])
    func russianKopecksStayInTwoDigitsWithTheNounInTheRightForm(amount: String, kopecks: String) throws {
        #expect(try russian(amount) == "Ноль рублей " + kopecks)
    }

    @Test func russianLargestAmountsAreSpelledInFull() throws {
        #expect(try russian("999999999.99") == "Девятьсот девяносто девять миллионов девятьсот девяносто девять "
            + "тысяч девятьсот девяносто девять рублей 99 копеек")
        #expect(try AmountInWords.russian(Money(minorUnits: .max)) == "Девяносто два квадриллиона двести "
            + "тридцать три триллиона семьсот двадцать миллиардов триста шестьдесят восемь миллионов пятьсот "
            + "сорок семь тысяч семьсот пятьдесят восемь рублей 07 копеек")
    }

    @Test func russianNegativeAmountsAreSpelledWithMinus() throws {
        #expect(try russian("-1.00") == "Минус один рубль 00 копеек")
        #expect(try russian("-0.01") == "Минус ноль рублей 01 копейка")
        #expect(try AmountInWords.russian(Money(minorUnits: .min))
            .hasSuffix("семьсот пятьдесят восемь рублей 08 копеек"))
        #expect(try AmountInWords.russian(Money(minorUnits: .min)).hasPrefix("Минус девяносто два квадриллиона"))
    }

    @Test func russianNumbersCoverUInt64AndBothGenders() {
        #expect(RussianNumber.words(2_021, gender: .feminine) == ["две", "тысячи", "двадцать", "одна"])
        #expect(RussianNumber.words(2_021, gender: .masculine) == ["две", "тысячи", "двадцать", "один"])
        #expect(RussianNumber.words(UInt64.max, gender: .masculine).joined(separator: " ")
            == "восемнадцать квинтиллионов четыреста сорок шесть квадриллионов семьсот сорок четыре триллиона "
            + "семьдесят три миллиарда семьсот девять миллионов пятьсот пятьдесят одна тысяча шестьсот пятнадцать")
    }

    // MARK: English

    @Test(arguments: [
        ("0.00", "Zero roubles and 00 kopecks"), ("0.01", "Zero roubles and 01 kopeck"),
        ("0.02", "Zero roubles and 02 kopecks"), ("1.00", "One rouble and 00 kopecks"),
        ("1.01", "One rouble and 01 kopeck"), ("2.00", "Two roubles and 00 kopecks"),
        ("5.00", "Five roubles and 00 kopecks"), ("11.00", "Eleven roubles and 00 kopecks"),
        ("12.00", "Twelve roubles and 00 kopecks"), ("13.00", "Thirteen roubles and 00 kopecks"),
        ("14.00", "Fourteen roubles and 00 kopecks"), ("15.00", "Fifteen roubles and 00 kopecks"),
        ("16.00", "Sixteen roubles and 00 kopecks"), ("17.00", "Seventeen roubles and 00 kopecks"),
        ("18.00", "Eighteen roubles and 00 kopecks"), ("19.00", "Nineteen roubles and 00 kopecks"),
        ("20.00", "Twenty roubles and 00 kopecks"), ("21.00", "Twenty-one roubles and 00 kopecks"),
        ("40.00", "Forty roubles and 00 kopecks"), ("99.00", "Ninety-nine roubles and 00 kopecks"),
        ("101.00", "One hundred one roubles and 00 kopecks"), ("111.00", "One hundred eleven roubles and 00 kopecks"),
        ("1000.00", "One thousand roubles and 00 kopecks"), ("1001.00", "One thousand one roubles and 00 kopecks"),
        ("2000.00", "Two thousand roubles and 00 kopecks"), ("5000.00", "Five thousand roubles and 00 kopecks"),
        ("21000.00", "Twenty-one thousand roubles and 00 kopecks"),
        ("1234.50", "One thousand two hundred thirty-four roubles and 50 kopecks"),
        ("1000000.00", "One million roubles and 00 kopecks"), ("2000000.00", "Two million roubles and 00 kopecks"),
        ("1000000000.00", "One billion roubles and 00 kopecks"),
        ("1000000000000.00", "One trillion roubles and 00 kopecks"),
        ("999999999.99", "Nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred "
            + "ninety-nine roubles and 99 kopecks"),
        ("-2.00", "Minus two roubles and 00 kopecks"),
    ])
    func englishWordsInTheChequeStyle(amount: String, words: String) throws {
        #expect(try english(amount) == words)
    }

    @Test func englishLargestAmountIsSpelledInFull() throws {
        #expect(try AmountInWords.english(Money(minorUnits: .max)) == "Ninety-two quadrillion two hundred "
            + "thirty-three trillion seven hundred twenty billion three hundred sixty-eight million five hundred "
            + "forty-seven thousand seven hundred fifty-eight roubles and 07 kopecks")
        #expect(EnglishNumber.words(UInt64.max).first == "eighteen")
    }

    @Test func amountsInOtherCurrenciesAreRefused() throws {
        let usd = try #require(Currency(code: "USD", minorDigits: 2))
        let amount = Money(minorUnits: 100, currency: usd)
        let error = #expect(throws: ValueError.self) { try AmountInWords.russian(amount) }
        #expect(error?.description.contains("RUB") == true)
        #expect(throws: ValueError.self) { try AmountInWords.english(amount) }
    }
}
