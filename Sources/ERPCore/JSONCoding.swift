// The one JSON configuration of the ERP, shared by the HTTP API and the CLI's `--json`, so
// `erp … --json` prints exactly what the API returns (one JSON shape for both doors).
//
// Keys: Swift properties are camelCase, JSON keys snake_case (docs/http.md). Foundation's
// `convertFromSnakeCase` turns `product_id` into `productId`, which never matches a property
// spelled `productID` as the API guidelines want, so both directions use our own conversion:
// `snakeCase` splits like `convertToSnakeCase` (and keeps `IDs` whole), `camelCase` maps the
// words `id`, `ids`, `url`, `urls` back to `ID`, `IDs`, `URL`, `URLs`. Dictionary keys are left
// alone by Foundation in both directions, so free-form maps keep their keys.

import Foundation
import Synchronization

/// The shared JSON encoder and decoder settings: snake_case keys, sorted keys, RFC 3339 UTC dates.
///
/// Types decoded through it spell properties in camelCase with `ID` for ids (`productID` ↔
/// `product_id`) and need no `CodingKeys`; a `CodingKeys` enum with snake_case raw values would
/// not match after conversion.
package enum ERPJSON {
    /// A fresh encoder with the house settings (`pretty` for humans: indented, still sorted).
    package static func makeEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty
            ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .custom { path in
            SnakeKey(snakeCase(path.last?.stringValue ?? ""), intValue: path.last?.intValue)
        }
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        return encoder
    }

    /// A fresh decoder with the house settings: snake_case keys, RFC 3339 timestamps.
    package static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            SnakeKey(camelCase(path.last?.stringValue ?? ""), intValue: path.last?.intValue)
        }
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.date(from: text) else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: container.codingPath,
                    debugDescription: "expected an RFC 3339 timestamp like 2026-12-01T09:30:00Z, not '\(text)'"))
            }
            return date
        }
        return decoder
    }

    /// Encodes `value` as compact JSON bytes.
    /// - Throws: `EncodingError` (a bug in the value's `encode(to:)`, never bad input).
    package static func encode(_ value: some Encodable, pretty: Bool = false) throws -> [UInt8] {
        Array(try makeEncoder(pretty: pretty).encode(value))
    }

    /// Decodes a request body or CLI input, translating failures into API errors whose field
    /// paths use the JSON (snake_case) names: `lines[0].unit_cost`.
    /// - Throws: `ERPError.badRequest` for invalid JSON or wrong types, `.validationFailed` for
    ///   refused values and missing keys; an `ERPError` thrown by a type's decoder passes through.
    package static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws(ERPError) -> T {
        do {
            return try makeDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw ERPError(decoding: snakeCased(error))
        } catch let error as ERPError {
            throw error
        } catch let error as ValueError {
            throw ERPError.invalid("body", error)
        } catch {
            throw ERPError.badRequest(reason: "the body could not be decoded")
        }
    }

    /// `unitCost` → `unit_cost`, `productID` → `product_id`, `productIDs` → `product_ids`,
    /// `HTMLPage` → `html_page`; keys without capitals are returned unchanged.
    package static func snakeCase(_ key: String) -> String {
        // Every key of every item of every response comes through here: ASCII keys without
        // capitals (most of them) return at once, the rest are converted once and remembered.
        guard key.utf8.contains(where: { (65...90).contains($0) }) || !key.utf8.allSatisfy({ $0 < 128 }) else { return key }
        if let known = snakeKeys.withLock({ $0[key] }) { return known }
        let converted = convertToSnakeCase(key)
        snakeKeys.withLock { cache in
            if cache.count < 4096 { cache[key] = converted }
        }
        return converted
    }

    /// Keys converted so far (property names: a small, fixed set).
    private static let snakeKeys = Mutex<[String: String]>([:])

    private static func convertToSnakeCase(_ key: String) -> String {
        guard key.contains(where: \.isUppercase) else { return key }
        let characters = Array(key)
        var words: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { words.append(current) }
            current = ""
        }
        var index = 0
        while index < characters.count {
            guard characters[index].isUppercase else {
                current.append(characters[index])
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end].isUppercase { end += 1 }
            let run = String(characters[index..<end])
            let nextIsLower = end < characters.count && characters[end].isLowercase
            flush()
            if !nextIsLower {
                words.append(run)
                index = end
            } else if run.count >= 2, characters[end] == "s",
                end + 1 == characters.count || !characters[end + 1].isLowercase
            {
                words.append(run + "s")  // a plural acronym: `IDs`, `URLs`
                index = end + 1
            } else {
                // `HTMLPage`: the last capital of a run begins the next word.
                if run.count >= 2 { words.append(String(run.dropLast())) }
                current = String(characters[end - 1])
                index = end
            }
        }
        flush()
        return words.map { $0.lowercased() }.joined(separator: "_")
    }

    /// `unit_cost` → `unitCost`, `product_id` → `productID`, `product_ids` → `productIDs`;
    /// keys without underscores are returned unchanged, leading and trailing underscores kept.
    package static func camelCase(_ key: String) -> String {
        guard key.contains("_") else { return key }
        let leading = key.prefix { $0 == "_" }
        let trailing = key.reversed().prefix { $0 == "_" }
        guard leading.count < key.count else { return key }
        let core = key.dropFirst(leading.count).dropLast(trailing.count)
        let words = core.split(separator: "_")
        guard let first = words.first else { return key }
        var result = String(leading) + first
        for word in words.dropFirst() {
            if let acronym = acronyms[String(word)] {
                result += acronym
            } else {
                result += word.prefix(1).uppercased() + word.dropFirst()
            }
        }
        return result + String(trailing)
    }

    private static let acronyms = ["id": "ID", "ids": "IDs", "url": "URL", "urls": "URLs"]

    /// The same error with every coding-path key in its JSON spelling.
    static func snakeCased(_ error: DecodingError) -> DecodingError {
        func path(_ keys: [any CodingKey]) -> [any CodingKey] {
            keys.map { SnakeKey(snakeCase($0.stringValue), intValue: $0.intValue) }
        }
        func context(_ old: DecodingError.Context) -> DecodingError.Context {
            .init(codingPath: path(old.codingPath), debugDescription: old.debugDescription,
                  underlyingError: old.underlyingError)
        }
        switch error {
        case .dataCorrupted(let old): return .dataCorrupted(context(old))
        case .keyNotFound(let key, let old):
            return .keyNotFound(SnakeKey(snakeCase(key.stringValue), intValue: key.intValue), context(old))
        case .typeMismatch(let type, let old): return .typeMismatch(type, context(old))
        case .valueNotFound(let type, let old): return .valueNotFound(type, context(old))
        @unknown default: return error
        }
    }
}

/// A coding key spelled as in the JSON text.
struct SnakeKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ stringValue: String, intValue: Int?) {
        self.stringValue = stringValue
        self.intValue = intValue
    }

    init?(stringValue: String) { self.init(stringValue, intValue: nil) }

    init?(intValue: Int) { self.init(String(intValue), intValue: intValue) }
}

/// RFC 3339 timestamps in UTC, without Foundation's formatters (which are not thread-safe).
package enum RFC3339 {
    /// `2026-12-01T09:30:00Z`; with `fractionDigits` 1…9 also `.123` (truncated, not rounded).
    package static func string(from date: Date, fractionDigits: Int = 0) -> String {
        let interval = date.timeIntervalSince1970
        let seconds = Int64(interval.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        var text = pad(Int(year), 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        let digits = min(max(fractionDigits, 0), 9)
        if digits > 0 {
            var scale: Int64 = 1
            for _ in 0..<digits { scale *= 10 }
            let fraction = Int64(((interval - Double(seconds)) * Double(scale)).rounded(.down))
            text += "." + pad(Int(min(fraction, scale - 1)), digits)
        }
        return text + "Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (RFC 3339 §5.6; `t`/`z` accepted too).
    /// Returns nil for anything else, including impossible dates like February 30.
    package static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84 || bytes[10] == 116,
            bytes[13] == 58, bytes[16] == 58,
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == 46 {
            var scale = 0.1
            index += 1
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case 90, 122:  // Z, z
            guard index + 1 == bytes.count else { return nil }
        case 43, 45:  // +, -
            guard index + 6 == bytes.count, bytes[index + 3] == 58,
                let hours = number(index + 1, 2), let minutes = number(index + 4, 2), hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 60 + minutes) * 60 * (bytes[index] == 43 ? 1 : -1)
        default:
            return nil
        }
        let days = daysFromCivil(year: Int64(year), month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
    private static func daysFromCivil(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = Int64((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
