// How the print forms write numbers: the Russian way, with a comma before the decimals and
// no-break spaces between thousands ("1 234,50"), so a printed amount never wraps mid-number.
// The JSON keeps the canonical "1234.50"; only the forms use these.

import ERPCore

/// Russian print formatting of amounts, quantities and rates.
package enum PrintFormat {
    /// U+00A0 NO-BREAK SPACE, the thousands separator of the forms.
    package static let groupSeparator = "\u{00A0}"

    /// `"1 234,50"`, `"0,05"`, `"-1 000,00"`: always the currency's decimals.
    package static func money(_ amount: Money) -> String {
        russian(DecimalText.format(amount.minorUnits, scale: amount.currency.minorDigits))
    }

    /// `"3"`, `"0,333"`, `"2,5"`, `"1 000"`: decimals only as many as the quantity has.
    package static func quantity(_ quantity: Quantity) -> String {
        russian(trimmed(quantity.description))
    }

    /// `"33,33"`, `"12,5"`, `"10"`: a discount percentage without the `%`.
    package static func percentage(_ percentage: Percentage) -> String {
        russian(trimmed(percentage.description))
    }

    /// `"20%"`, `"0%"`, or `"без НДС"` as column 7 of the UPD writes rates.
    package static func vatRate(_ rate: VATRate) -> String {
        rate.isWithoutVAT ? "без НДС" : rate.description + "%"
    }

    /// The VAT of a line or total: the amount, or `"без НДС"` for "without VAT".
    package static func vat(_ amount: Money, at rate: VATRate) -> String {
        rate.isWithoutVAT ? "без НДС" : money(amount)
    }

    private static func trimmed(_ text: String) -> String { RussianNumbers.trimmed(text) }

    private static func russian(_ canonical: String) -> String {
        RussianNumbers.spelled(canonical, groupSeparator: groupSeparator)
    }
}
