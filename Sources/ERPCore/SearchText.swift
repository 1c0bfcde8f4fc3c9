// User text that reaches SQL pattern matching. Wildcards in it are matched literally (a search
// for `50%` finds "50%", and 7,900 `_` are 7,900 underscores, not a pattern that makes PostgreSQL
// try every alignment), and its length is bounded before any query runs.

/// Search text taken from users: escaping for `LIKE`/`ILIKE` and the length bound.
package enum SearchText {
    /// The longest search text a list takes (characters).
    package static let maxLength = 200

    /// `text` with `\`, `%` and `_` escaped for `LIKE … ESCAPE '\'` (PostgreSQL's default escape).
    package static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// Records a problem under `field` when `text` is longer than `maxLength` characters.
    package static func check(_ text: String?, field: String = "q", into problems: inout FieldErrors) {
        if let text, text.count > maxLength { problems.add(field, "must be at most \(maxLength) characters") }
    }
}
