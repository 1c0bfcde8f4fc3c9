/// An ordered list of header fields as they appeared on the wire.
///
/// Lookup is case-insensitive (RFC 9110 §5.1: field names are case-insensitive). Duplicates are
/// kept as separate entries and never merged silently: `values(for:)` returns every occurrence
/// and `first(_:)` the first one, so a caller that cares about duplicates can see them.
package struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// One field: the name as sent (original case) and the value with surrounding OWS removed.
    package typealias Field = (name: String, value: String)

    @usableFromInline var storage: [Field]

    /// An empty header list.
    package init() { storage = [] }

    /// A header list with the given fields, in order.
    package init(_ fields: [(String, String)]) {
        storage = fields.map { (name: $0.0, value: $0.1) }
    }

    /// A header list from a literal, in the literal's order.
    package init(dictionaryLiteral elements: (String, String)...) {
        storage = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The number of fields, counting duplicates.
    package var count: Int { storage.count }

    /// Whether there are no fields.
    package var isEmpty: Bool { storage.isEmpty }

    /// Appends a field, keeping any existing field with the same name.
    package mutating func add(name: String, value: String) {
        storage.append((name: name, value: value))
    }

    /// Replaces every field named `name` (case-insensitively) with a single field.
    package mutating func replaceOrAdd(name: String, value: String) {
        // Only when there is one to remove: on a shared response (a handler's constant answer)
        // `removeAll(where:)` copies the fields even when it removes nothing.
        if contains(name) { remove(name) }
        storage.append((name: name, value: value))
    }

    /// Removes every field named `name` (case-insensitively).
    package mutating func remove(_ name: String) {
        storage.removeAll { Self.namesEqual($0.name, name) }
    }

    /// The first value of the field named `name`, or nil.
    package func first(_ name: String) -> String? {
        for field in storage where Self.namesEqual(field.name, name) { return field.value }
        return nil
    }

    /// The value of the field named `name`; same as `first(_:)`.
    package subscript(_ name: String) -> String? { first(name) }

    /// Every value of the fields named `name`, in order of appearance.
    package func values(for name: String) -> [String] {
        storage.compactMap { Self.namesEqual($0.name, name) ? $0.value : nil }
    }

    /// How many fields are named `name`.
    package func occurrences(of name: String) -> Int {
        var n = 0
        for field in storage where Self.namesEqual(field.name, name) { n += 1 }
        return n
    }

    /// Whether any field named `name` exists.
    package func contains(_ name: String) -> Bool { first(name) != nil }

    /// Whether a comma-separated list field (e.g. `Connection`) contains `token`,
    /// compared case-insensitively (RFC 9110 §5.6.1 list syntax).
    package func listContains(_ name: String, token: String) -> Bool {
        for field in storage where Self.namesEqual(field.name, name) {
            if Self.valueList(field.value, contains: token) { return true }
        }
        return false
    }

    /// Whether the comma-separated `value` has an element equal to `token` (ASCII
    /// case-insensitive, OWS trimmed), without allocating.
    package static func valueList(_ value: String, contains token: String) -> Bool {
        let whole = Substring(value)
        var start = whole.startIndex
        while start <= whole.endIndex {
            let end = whole[start...].firstIndex(of: ",") ?? whole.endIndex
            if asciiCaseInsensitiveEqual(whole[start..<end].trimmingOWS(), token) { return true }
            if end == whole.endIndex { break }
            start = whole.index(after: end)
        }
        return false
    }

    /// Iterates the fields in order.
    package func makeIterator() -> IndexingIterator<[Field]> {
        storage.makeIterator()
    }

    /// Same fields, same order, same spelling.
    package static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.storage.count == rhs.storage.count
            && zip(lhs.storage, rhs.storage).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// ASCII case-insensitive comparison of field names (no Unicode folding: names are tokens).
    @inlinable
    package static func namesEqual(_ a: String, _ b: String) -> Bool {
        asciiCaseInsensitiveEqual(Substring(a), b)
    }

    /// Compares the contiguous UTF-8 bytes of both (a header is looked up, and a response's
    /// fields are checked against the framing names, several times a request: zipping the two
    /// `UTF8View`s cost the serializer a quarter of its time).
    @inlinable
    static func asciiCaseInsensitiveEqual(_ a: Substring, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                for index in 0..<x.count where x[index] != y[index] {
                    if asciiLower(x[index]) != asciiLower(y[index]) { return false }
                }
                return true
            }
        }
    }

    @inlinable
    static func asciiLower(_ c: UInt8) -> UInt8 {
        (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
    }
}

extension Substring {
    /// Removes leading and trailing SP/HTAB (RFC 9110 §5.6.3 OWS).
    func trimmingOWS() -> Substring {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
