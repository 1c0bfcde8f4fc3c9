// A small XML tree and its one writer, so no exported file is put together by string
// concatenation: every attribute value and text is escaped here, once. The ФНС formats are
// windows-1251; a character that code page lacks is written as a character reference (`&#8381;`),
// which XML allows in any encoding, so nothing is lost or replaced by `?`.

import ERPCore

/// An XML element: its name, attributes in the order the schema lists them, children or text.
package struct XMLNode: Sendable, Equatable {
    package var name: String
    package var attributes: [(String, String)]
    package var children: [XMLNode]
    package var text: String?

    /// An element; attributes whose value is nil are left out.
    package init(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], children: [XMLNode] = [], text: String? = nil) {
        self.name = name
        self.attributes = attributes.compactMap { key, value in value.map { (key, $0) } }
        self.children = children
        self.text = text
    }

    package static func == (lhs: XMLNode, rhs: XMLNode) -> Bool {
        lhs.name == rhs.name && lhs.children == rhs.children && lhs.text == rhs.text
            && lhs.attributes.map(\.0) == rhs.attributes.map(\.0) && lhs.attributes.map(\.1) == rhs.attributes.map(\.1)
    }

    /// The document: the declaration naming `codePage` (UTF-8 when nil), then this element, as
    /// bytes in that encoding.
    package func document(in codePage: CodePage?, byteOrderMark: Bool = false) -> [UInt8] {
        var text = "<?xml version=\"1.0\" encoding=\"\(codePage?.name ?? "UTF-8")\"?>\n"
        write(to: &text, depth: 0, codePage: codePage)
        guard let codePage else { return (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8) }
        // Every character outside the code page became a reference while writing.
        return codePage.encode(text) ?? []
    }

    private func write(to out: inout String, depth: Int, codePage: CodePage?) {
        let indent = String(repeating: " ", count: depth)
        out += indent + "<" + name
        for (key, value) in attributes {
            out += " " + key + "=\"" + Self.escaped(value, quotes: true, codePage: codePage) + "\""
        }
        if children.isEmpty, text == nil {
            out += "/>\n"
            return
        }
        out += ">"
        if let text { out += Self.escaped(text, quotes: false, codePage: codePage) }
        if !children.isEmpty {
            out += "\n"
            for child in children { child.write(to: &out, depth: depth + 1, codePage: codePage) }
            out += indent
        }
        out += "</" + name + ">\n"
    }

    /// `text` with `&`, `<`, `>` (and in attributes `"`, tab and line ends) escaped, characters
    /// outside `codePage` as references, and characters XML 1.0 forbids (controls) dropped.
    static func escaped(_ text: String, quotes: Bool, codePage: CodePage?) -> String {
        var out = String.UnicodeScalarView()
        func reference(_ value: UInt32) { out.append(contentsOf: "&#\(value);".unicodeScalars) }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"" where quotes: out.append(contentsOf: "&quot;".unicodeScalars)
            case "\t", "\n", "\r": if quotes { reference(scalar.value) } else { out.append(scalar) }
            default:
                // XML 1.0 §2.2: no C0 controls but tab and line ends, no U+FFFE/U+FFFF.
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                if let codePage, codePage.byte(for: scalar) == nil { reference(scalar.value) } else { out.append(scalar) }
            }
        }
        return String(out)
    }
}
