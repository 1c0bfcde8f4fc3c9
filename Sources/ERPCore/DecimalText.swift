// Fixed-point decimal text shared by Money, Quantity and Percentage.
//
// A value is an Int64 count of 10^-scale units ("1234.50" at scale 2 is 123450). Text in and out
// goes through this one parser and formatter, so every amount in the system reads and prints the
// same way. No Double anywhere, and Foundation.Decimal only to read the text of a JSON number.

import Foundation

/// Why a value (an amount, a quantity, a rate, an id) was refused or could not be computed.
///
/// The `description` is a human sentence suitable for `details.fields` of a `validation_failed`
/// error; `ERPError.invalid(_:_:)` does that mapping.
package enum ValueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not in the expected format; `expected` says what would have been accepted.
    case malformed(text: String, expected: String)
    /// The text has more decimal places than the value allows (2 for RUB, 3 for quantities).
    case tooManyDecimals(text: String, maximum: Int)
    /// The text denotes a number outside the representable or allowed range.
    case outOfRange(text: String, range: String)
    /// An arithmetic result does not fit in 64 bits; `operation` names what was attempted.
    case overflow(operation: String)
    /// Two amounts in different currencies were combined.
    case currencyMismatch(String, String)
    /// A fractional quantity was given for a unit that counts whole pieces.
    case fractionNotAllowed(quantity: String, unit: String)
    /// Text typed by a person that could mean two numbers (`1,000`); `advice` says what to write.
    case ambiguous(text: String, advice: String)

    /// A human sentence explaining the problem.
    package var description: String {
        switch self {
        case .malformed(let text, let expected):
            return "\(Self.quoted(text)) is not valid: expected \(expected)"
        case .tooManyDecimals(let text, let maximum):
            let places = maximum == 1 ? "1 decimal place" : "\(maximum) decimal places"
            return "\(Self.quoted(text)) has too many decimals: at most \(places) allowed"
        case .outOfRange(let text, let range):
            return "\(Self.quoted(text)) is out of range: must be \(range)"
        case .overflow(let operation):
            return "the result of \(operation) is too large"
        case .currencyMismatch(let lhs, let rhs):
            return "cannot combine amounts in \(lhs) and \(rhs)"
        case .fractionNotAllowed(let quantity, let unit):
            return "\(quantity) is not a whole number: \(unit) cannot be split"
        case .ambiguous(let text, let advice):
            return "\(Self.quoted(text)) is ambiguous: \(advice)"
        }
    }

    /// Quotes user text for a message, cut to a readable length so huge inputs stay one line.
    private static func quoted(_ text: String) -> String {
        text.count > 40 ? "'\(text.prefix(37))...'" : "'\(text)'"
    }
}

/// Parsing, formatting and rounding of fixed-point decimals stored as scaled Int64 values.
package enum DecimalText {
    /// The largest supported scale: 10^18 is the largest power of ten below Int64.max.
    package static let maximumScale = 18

    /// Parses strict decimal text into a count of 10^-scale units.
    ///
    /// Accepted: an optional leading `-`, one or more digits, and optionally a `.` followed by
    /// one or more digits (`"1234.50"`, `"1234.5"`, `"1234"`, `"-0.01"`, `"007"`). Decimals beyond
    /// `scale` are accepted only if they are zeros (`"1.500"` at scale 2 is exact, so it is 150).
    /// Refused: empty text, `+`, whitespace, `,`, grouping, exponents, `".5"`, `"5."` — the
    /// canonical form never has them, and guessing what `"1,500"` means is how money goes wrong.
    /// - Parameters:
    ///   - text: The text to parse.
    ///   - scale: Decimal places of one unit, 0 through `maximumScale`.
    ///   - expected: What to say a valid value looks like in the error, e.g. `"an amount like 1234.50"`.
    /// - Throws: `ValueError.malformed`, `.tooManyDecimals` (naming `scale`), `.outOfRange`
    ///   when the value does not fit in Int64.
    package static func parse(
        _ text: some StringProtocol, scale: Int, expected: String
    ) throws(ValueError) -> Int64 {
        precondition((0...maximumScale).contains(scale), "scale \(scale) is not supported")
        let bytes = Array(text.utf8)
        let malformed = ValueError.malformed(text: String(text), expected: expected)
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index = 1 }

        // Integer part: one or more digits.
        var magnitude: UInt64 = 0
        var overflowed = false
        let integerStart = index
        while index < bytes.count, let digit = digitValue(bytes[index]) {
            overflowed = overflowed || !accumulate(&magnitude, digit)
            index += 1
        }
        guard index > integerStart else { throw malformed }

        // Fraction: "." and one or more digits; digits past `scale` must be zeros.
        var fractionDigits = 0
        var nonZeroBeyondScale = false
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count else { throw malformed }
            index += 1
            while index < bytes.count, let digit = digitValue(bytes[index]) {
                if fractionDigits < scale {
                    overflowed = overflowed || !accumulate(&magnitude, digit)
                } else if digit != 0 {
                    nonZeroBeyondScale = true
                }
                fractionDigits += 1
                index += 1
            }
            guard index == bytes.count, fractionDigits > 0 else { throw malformed }
        }
        if nonZeroBeyondScale {
            throw .tooManyDecimals(text: String(text), maximum: scale)
        }
        // Scale up the digits that were not written ("1.5" at scale 2 is 15 × 10).
        for _ in min(fractionDigits, scale)..<scale {
            overflowed = overflowed || !accumulate(&magnitude, 0)
        }
        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard !overflowed, magnitude <= limit else {
            let low = format(Int64.min, scale: scale), high = format(Int64.max, scale: scale)
            throw .outOfRange(text: String(text), range: "between \(low) and \(high)")
        }
        return negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
    }

    /// Formats a count of 10^-scale units canonically: `-` for negatives, no grouping, exactly
    /// `scale` decimals (`format(123450, scale: 2) == "1234.50"`, `format(-1, scale: 3) == "-0.001"`).
    package static func format(_ units: Int64, scale: Int) -> String {
        precondition((0...maximumScale).contains(scale), "scale \(scale) is not supported")
        let magnitude = units.magnitude
        let divisor = power(scale)
        let integerPart = String(magnitude / divisor)
        let sign = units < 0 ? "-" : ""
        guard scale > 0 else { return sign + integerPart }
        let fraction = String(magnitude % divisor)
        let padding = String(repeating: "0", count: scale - fraction.count)
        return sign + integerPart + "." + padding + fraction
    }

    /// 10^exponent as UInt64, for exponents 0 through 19.
    package static func power(_ exponent: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// Divides rounding half away from zero (`5 / 10 → 1`, `-5 / 10 → -1`, `4 / 10 → 0`).
    ///
    /// The 128-bit operands make `Int64 × Int64` products exact before the division.
    /// `divisor` must be positive.
    package static func divideRoundingHalfUp(_ dividend: Int128, by divisor: Int128) -> Int128 {
        precondition(divisor > 0, "divisor must be positive")
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
        // |remainder| * 2 >= divisor means the fraction is at least one half: round away from 0.
        guard remainder.magnitude * 2 >= divisor.magnitude else { return quotient }
        return dividend < 0 ? quotient - 1 : quotient + 1
    }

    /// Narrows a 128-bit intermediate to Int64.
    /// - Throws: `ValueError.overflow` naming `operation` when it does not fit.
    package static func narrow(_ value: Int128, operation: String) throws(ValueError) -> Int64 {
        guard let narrowed = Int64(exactly: value) else { throw .overflow(operation: operation) }
        return narrowed
    }

    private static func digitValue(_ byte: UInt8) -> UInt64? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? UInt64(byte - UInt8(ascii: "0")) : nil
    }

    /// magnitude = magnitude × 10 + digit; false (and magnitude unchanged) on UInt64 overflow.
    private static func accumulate(_ magnitude: inout UInt64, _ digit: UInt64) -> Bool {
        let (shifted, o1) = magnitude.multipliedReportingOverflow(by: 10)
        let (sum, o2) = shifted.addingReportingOverflow(digit)
        guard !o1, !o2 else { return false }
        magnitude = sum
        return true
    }
}

extension DecimalText {
    /// Reads the exact decimal text of a JSON string or JSON number.
    ///
    /// Strings are returned as they are. Numbers are decoded as `Foundation.Decimal`, whose
    /// JSONDecoder path parses the digits directly (no Double), only to recover their text;
    /// no arithmetic is done on it. Caveat: Decimal keeps 38 significant digits, so a JSON number
    /// with more is rounded before we see it — no legitimate amount comes close (Int64 has 19).
    /// - Throws: `DecodingError.typeMismatch` when the value is neither a string nor a number.
    package static func decodeText(from decoder: any Decoder) throws -> String {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) { return text }
        do {
            return try container.decode(Foundation.Decimal.self).description
        } catch {
            throw DecodingError.typeMismatch(
                DecimalText.self,
                .init(codingPath: container.codingPath,
                      debugDescription: "expected a decimal string or a JSON number")
            )
        }
    }

    /// Turns a parse failure into the DecodingError a JSONDecoder caller expects (→ 400/422).
    package static func corrupted(_ error: ValueError, in decoder: any Decoder) -> DecodingError {
        DecodingError.dataCorrupted(.init(
            codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
    }
}

/// A value whose JSON form is its decimal text (`"1234.50"`), decoded from a string or a number.
package protocol DecimalTextCodable: Codable, CustomStringConvertible {
    /// Parses the decimal text of a JSON string or number.
    static func decoded(fromText text: String) throws(ValueError) -> Self
}

extension DecimalTextCodable {
    /// Decodes from a JSON string (`"0.10"`) or number (`0.1`), never through `Double`.
    /// - Throws: `DecodingError.dataCorrupted` with the `ValueError` message, or `.typeMismatch`.
    package init(from decoder: any Decoder) throws {
        let text = try DecimalText.decodeText(from: decoder)
        do {
            self = try Self.decoded(fromText: text)
        } catch {
            throw DecimalText.corrupted(error, in: decoder)
        }
    }

    /// Encodes as the canonical decimal string.
    /// - Throws: whatever the encoder throws.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
