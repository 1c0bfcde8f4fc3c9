/// Byte classification tables for the grammar of RFC 9110 §5.6 and RFC 9112.
enum ByteClass {
    /// `tchar` (RFC 9110 §5.6.2): "!#$%&'*+-.^_`|~", DIGIT, ALPHA.
    static let tchar: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(c)] = true }
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(c)] = true }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(c)] = true }
        for c in "!#$%&'*+-.^_`|~".utf8 { table[Int(c)] = true }
        return table
    }()

    /// Whether `c` is a `tchar`.
    @inline(__always)
    static func isTokenChar(_ c: UInt8) -> Bool { tchar[Int(c)] }

    /// `field-vchar` / SP / HTAB (RFC 9110 §5.5): VCHAR, obs-text, SP, HTAB — no other CTL.
    @inline(__always)
    static func isFieldValueChar(_ c: UInt8) -> Bool {
        c == 0x09 || (c >= 0x20 && c != 0x7F)
    }

    /// Characters allowed in a request-target (RFC 3986 characters are all visible ASCII).
    @inline(__always)
    static func isTargetChar(_ c: UInt8) -> Bool { c > 0x20 && c < 0x7F }

    /// SP or HTAB.
    @inline(__always)
    static func isWhitespace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// The value of a hex digit, or nil.
    @inline(__always)
    static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(c - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Whether `c` is an ASCII digit.
    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}
