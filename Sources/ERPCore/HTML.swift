// HTML markup built so that user text cannot become markup: one builder for the print forms
// (Billing) and the pages (Web).
//
// Like the SQL interpolation type in Postgres, whose interpolations become binds: in an `HTML`
// literal the literal parts are markup written in our source, and every interpolated `String` is
// escaped by `HTML.escape` — the one escaping function of the print forms. A client named
// `<script>alert(1)</script>` prints as that text. Markup can only be interpolated as `HTML`.

/// A fragment of HTML whose interpolated strings are always escaped.
///
/// ```swift
/// let cell: HTML = "<td class=\"name\">\(line.productName)</td>"   // productName is escaped
/// let row: HTML = "<tr>\(cell)</tr>"                                // HTML is inserted as is
/// ```
package struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup text.
    package let markup: String

    private init(markup: String) {
        self.markup = markup
    }

    /// Markup written in the source: a literal is trusted, and only a literal can be (StaticString).
    package init(stringLiteral literal: StaticString) {
        self.init(markup: literal.description)
    }

    /// Markup with escaped interpolations.
    package init(stringInterpolation interpolation: Interpolation) {
        self.init(markup: interpolation.markup)
    }

    /// Text as HTML: escaped, so it displays exactly as given.
    package init(text: String) {
        self.init(markup: Self.escape(text))
    }

    /// The markup.
    package var description: String { markup }

    /// The fragments one after another, with `separator` between them.
    package static func joined(_ fragments: [HTML], separator: HTML = "") -> HTML {
        HTML(markup: fragments.map(\.markup).joined(separator: separator.markup))
    }

    /// Two fragments one after the other.
    package static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(markup: lhs.markup + rhs.markup)
    }

    /// Escapes the five characters with a meaning in HTML text and attribute values:
    /// `&` `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`. Every user-supplied string
    /// on a print form goes through here (by interpolation into `HTML`), and nothing else escapes.
    package static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// Builds an `HTML` value: literal segments verbatim, interpolated strings escaped.
    package struct Interpolation: StringInterpolationProtocol {
        fileprivate var markup = ""

        /// Room for the expected size.
        package init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        /// A literal segment: markup from the source.
        package mutating func appendLiteral(_ literal: StaticString) {
            markup += literal.description
        }

        /// User or computed text: escaped.
        package mutating func appendInterpolation(_ text: String) {
            markup += HTML.escape(text)
        }

        /// Optional text: escaped, or `—` (an empty cell on a form) when absent or empty.
        package mutating func appendInterpolation(_ text: String?) {
            markup += text.map { $0.isEmpty ? "—" : HTML.escape($0) } ?? "—"
        }

        /// A whole number, e.g. a line position.
        package mutating func appendInterpolation(_ number: Int) {
            markup += String(number)
        }

        /// Markup built elsewhere as `HTML`: inserted as it is.
        package mutating func appendInterpolation(_ html: HTML) {
            markup += html.markup
        }

        /// Several fragments one after another.
        package mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { markup += fragment.markup }
        }
    }
}
