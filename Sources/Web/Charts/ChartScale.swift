// The vertical axis of a chart: round ticks covering the values (and zero), found in integer
// arithmetic, and the mapping from a value to a y coordinate. Also the short axis text
// (`1,5 млн`), exact because ticks are round numbers.

import ERPCore

/// Round ticks from the lowest to the highest value, zero included.
package struct ChartScale: Sendable, Equatable {
    /// The tick values, ascending; the first is the axis' bottom, the last its top.
    package let ticks: [Int64]

    /// Ticks of a round step (1, 2 or 5 × 10^k) such that at most `count` steps cover `values` and zero.
    package init(covering values: [Int64], count: Int = 4) {
        let low = min(values.min() ?? 0, 0), high = max(values.max() ?? 0, 0)
        let step = Self.roundStep(atLeast: max((high - low + Int64(count) - 1) / Int64(count), 1))
        let bottom = Self.floor(low, step), top = Self.ceiling(high, step)
        ticks = Array(stride(from: bottom, through: max(top, bottom + step), by: Int(step)))
    }

    /// The smallest 1, 2 or 5 × 10^k not below `minimum`.
    static func roundStep(atLeast minimum: Int64) -> Int64 {
        var power: Int64 = 1
        while true {
            for factor: Int64 in [1, 2, 5] where factor * power >= minimum { return factor * power }
            guard power <= Int64.max / 100 else { return minimum }
            power *= 10
        }
    }

    private static func floor(_ value: Int64, _ step: Int64) -> Int64 {
        value >= 0 ? value / step * step : -((-value + step - 1) / step * step)
    }

    private static func ceiling(_ value: Int64, _ step: Int64) -> Int64 { -floor(-value, step) }

    /// The y coordinate of `value` on an axis drawn from `bottom` (the lowest tick) up to `top`.
    func y(_ value: Int64, bottom: Double, top: Double) -> Double {
        guard let low = ticks.first, let high = ticks.last, high > low else { return bottom }
        return bottom - Double(value - low) / Double(high - low) * (bottom - top)
    }

    /// `value` (in units of 10^-`scale`, kopecks for `scale` 2) briefly and exactly: `1,5 млн`,
    /// `250 тыс.`, `900`; for the axis, whose ticks are round.
    package static func compact(_ value: Int64, scale: Int) -> String {
        let whole = value / Int64(DecimalText.power(scale))
        for (digits, word) in [(9, "млрд"), (6, "млн"), (3, "тыс.")] where whole.magnitude >= DecimalText.power(digits) {
            let text = RussianNumbers.trimmed(DecimalText.format(whole, scale: digits))
            return RussianNumbers.spelled(text, groupSeparator: WebFormat.groupSeparator) + "\u{00A0}" + word
        }
        let text = RussianNumbers.trimmed(DecimalText.format(value, scale: scale))
        return RussianNumbers.spelled(text, groupSeparator: WebFormat.groupSeparator)
    }

    /// A coordinate as SVG text: whole pixels are enough and keep the output stable.
    static func coordinate(_ value: Double) -> String { String(Int(value.rounded())) }
}
