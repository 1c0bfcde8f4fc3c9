// Enforcing a body schema before the body is decoded: JSON types, unknown fields, control
// characters, lengths, array sizes, integer bounds, formats and patterns. A wrong JSON type is
// `400 bad_request` (docs/decisions.md, HTTP); every other problem is collected and answered at once
// as `422 validation_failed` with `details.fields` keyed by the JSON path (`lines[0].qty`).
// `required` and `enum` are published but left to the decoder and the service, which report
// them together with every other refused value of the command (one answer lists them all).

import ERPCore
import Foundation
import Synchronization

extension BodySchema {
    /// Checks `value` against `schema`.
    /// - Throws: `ERPError.badRequest` for a value of the wrong JSON type; `.validationFailed`
    ///   naming every unknown field, missing field and refused value.
    package static func validate(_ value: JSONValue, against schema: JSONValue) throws(ERPError) {
        var problems = FieldErrors()
        try check(value, schema, path: "", &problems)
        try problems.throwIfAny()
    }

    private static func check(_ value: JSONValue, _ schema: JSONValue, path: String, _ problems: inout FieldErrors) throws(ERPError) {
        guard case .object(let rules) = schema else { return }
        let field = path.isEmpty ? "body" : path
        if let types = rules["type"] {
            let allowed: [String] = switch types {
            case .string(let type): [type]
            case .array(let list): list.compactMap(\.stringValue)
            default: []
            }
            guard allowed.contains(where: { matches(value, type: $0) }) else {
                throw .badRequest(reason: "\(field) must be " + allowed.map(article).joined(separator: " or "))
            }
        }
        switch value {
        case .object(let members):
            try checkObject(members, rules, path: path, &problems)
        case .array(let items):
            if case .number(let most)? = rules["maxItems"], let limit = Int(most), items.count > limit {
                problems.add(field, "must have at most \(limit) items")
            }
            if let itemSchema = rules["items"] {
                for (index, item) in items.enumerated() { try check(item, itemSchema, path: "\(path)[\(index)]", &problems) }
            }
        case .string(let text):
            if let problem = textProblem(text, rules) { problems.add(field, problem) }
        case .number(let text):
            if let problem = numberProblem(text, rules) { problems.add(field, problem) }
        case .bool, .null:
            break
        }
    }

    private static func checkObject(_ members: [String: JSONValue], _ rules: [String: JSONValue], path: String,
                                    _ problems: inout FieldErrors) throws(ERPError) {
        let properties: [String: JSONValue]
        if case .object(let declared)? = rules["properties"] { properties = declared } else { properties = [:] }
        for (key, member) in members.sorted(by: { $0.key < $1.key }) {
            let memberPath = path.isEmpty ? key : path + "." + key
            if let schema = properties[key] {
                try check(member, schema, path: memberPath, &problems)
            } else if case .bool(false)? = rules["additionalProperties"] {
                problems.add(String(memberPath.prefix(200)), "is not a field of this request")
            } else if let schema = rules["additionalProperties"] {
                try check(member, schema, path: memberPath, &problems)
            } else {
                freeText(member, path: memberPath, &problems)
            }
        }
    }

    /// Free-form values (no schema) still refuse control characters other than tab and line breaks.
    private static func freeText(_ value: JSONValue, path: String, _ problems: inout FieldErrors) {
        switch value {
        case .string(let text):
            if hasControl(text, multiline: true) { problems.add(path, "must not contain control characters") }
        case .array(let items):
            for (index, item) in items.enumerated() { freeText(item, path: "\(path)[\(index)]", &problems) }
        case .object(let members):
            for (key, member) in members { freeText(member, path: path + "." + key, &problems) }
        case .number, .bool, .null:
            break
        }
    }

    private static func textProblem(_ text: String, _ rules: [String: JSONValue]) -> String? {
        if hasControl(text, multiline: rules["x-multiline"] == .bool(true)) {
            return rules["x-multiline"] == .bool(true)
                ? "must not contain control characters other than tab and line breaks" : "must not contain control characters"
        }
        let count = text.count
        if case .number(let most)? = rules["maxLength"], let limit = Int(most), count > limit {
            return "must be at most \(limit) characters"
        }
        switch rules["format"]?.stringValue {
        case "date": if CalendarDate(text) == nil { return "must be a date like 2026-12-01" }
        case "date-time": if RFC3339.date(from: text) == nil { return "must be an RFC 3339 timestamp like 2026-12-01T09:30:00Z" }
        default: break
        }
        if let pattern = rules["pattern"]?.stringValue, !Patterns.matches(text, pattern) {
            return rules["description"]?.stringValue.map { "must be \($0)" } ?? "has the wrong format"
        }
        return nil
    }

    private static func numberProblem(_ text: String, _ rules: [String: JSONValue]) -> String? {
        guard let value = Int64(text) else { return rules["type"] == .string("integer") ? "is out of range" : nil }
        if case .number(let low)? = rules["minimum"], let bound = Int64(low), value < bound { return "must be at least \(bound)" }
        if case .number(let high)? = rules["maximum"], let bound = Int64(high), value > bound { return "must be at most \(bound)" }
        return nil
    }

    /// Any C0 control character or DEL; with `multiline`, tab, LF and CR are allowed.
    static func hasControl(_ text: String, multiline: Bool) -> Bool {
        text.unicodeScalars.contains { scalar in
            guard scalar.value < 0x20 || scalar.value == 0x7F else { return false }
            return !(multiline && (scalar == "\t" || scalar == "\n" || scalar == "\r"))
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (value, type) {
        case (.string, "string"), (.bool, "boolean"), (.null, "null"), (.array, "array"), (.object, "object"), (.number, "number"):
            true
        case (.number(let text), "integer"):
            !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
        default:
            false
        }
    }

    private static func article(_ type: String) -> String {
        switch type {
        case "integer", "object", "array": "an \(type)"
        case "null": "null"
        default: "a \(type)"
        }
    }
}

/// Compiled `pattern`s, shared by every request (a schema has a handful).
private enum Patterns {
    static let cache = Mutex<[String: NSRegularExpression]>([:])

    static func matches(_ text: String, _ pattern: String) -> Bool {
        let compiled = cache.withLock { cache -> NSRegularExpression? in
            if let known = cache[pattern] { return known }
            let made = try? NSRegularExpression(pattern: pattern)
            cache[pattern] = made
            return made
        }
        guard let compiled else { return true }
        let range = NSRange(text.startIndex..., in: text)
        return compiled.firstMatch(in: text, options: [.anchored], range: range)?.range == range
    }
}
