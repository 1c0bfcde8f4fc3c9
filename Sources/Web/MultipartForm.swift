// A form with a file (`multipart/form-data`, RFC 7578): the accountant's bank statement comes as
// bytes in whatever code page the bank wrote, so it cannot travel in a URL-encoded form. The parser
// is strict and small — it reads exactly what browsers send: a boundary from the Content-Type,
// parts with a `Content-Disposition: form-data; name="…"` (and `filename="…"` for a file), CRLF line
// ends, the closing delimiter. Anything else is a 400 naming what is wrong; limits on the number
// of parts, a part's headers and a text field's length keep a hostile body cheap to refuse.

import ERPCore
import Foundation

/// The text fields and files of a `multipart/form-data` body.
package struct MultipartForm: Sendable {
    /// The text fields, in order (UTF-8).
    package var fields: [(name: String, value: String)] = []
    /// The files by field name: the bytes as sent, untouched.
    package var files: [String: [UInt8]] = [:]

    /// At most this many parts (a form of ours has a handful).
    static let maxParts = 20
    /// At most this many bytes of headers per part.
    static let maxHeaderBytes = 1024
    /// At most this many bytes in a text field.
    static let maxFieldBytes = 64 << 10

    /// The boundary of a `multipart/form-data` Content-Type, nil for another type.
    /// - Throws: `ERPError.badRequest` for a multipart type without a usable boundary.
    package static func boundary(of contentType: String?) throws(ERPError) -> String? {
        guard let contentType else { return nil }
        let parameters = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parameters.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parameters.dropFirst() where parameter.lowercased().hasPrefix("boundary=") {
            var value = String(parameter.dropFirst("boundary=".count))
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard (1...70).contains(value.utf8.count), value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) else { break }
            return value
        }
        throw .badRequest(reason: "the multipart form has no valid boundary (1 to 70 characters)")
    }

    /// Parses `body` delimited by `boundary`.
    /// - Throws: `ERPError.badRequest` naming what is malformed or over a limit.
    package init(body: [UInt8], boundary: String) throws(ERPError) {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard body.starts(with: delimiter) else { throw .badRequest(reason: "the multipart form does not start with its boundary") }
        var position = delimiter.count
        var parts = 0
        while true {
            if body[position...].starts(with: Array("--".utf8)) { return }  // the closing delimiter; an epilogue is ignored
            guard body[position...].starts(with: Self.crlf) else { throw .badRequest(reason: "a multipart boundary is not followed by CRLF") }
            parts += 1
            guard parts <= Self.maxParts else { throw .badRequest(reason: "the multipart form has more than \(Self.maxParts) parts") }
            let start = position + 2
            guard let headersEnd = Self.find(Self.blankLine, in: body, from: start, limit: Self.maxHeaderBytes) else {
                throw .badRequest(reason: "a multipart part has no end of headers within \(Self.maxHeaderBytes) bytes")
            }
            let (name, isFile) = try Self.disposition(Array(body[start..<headersEnd]))
            let contentStart = headersEnd + Self.blankLine.count
            guard let contentEnd = Self.find(separator, in: body, from: contentStart) else {
                throw .badRequest(reason: "the multipart form is cut off (no closing boundary)")
            }
            let content = Array(body[contentStart..<contentEnd])
            if isFile {
                files[name] = content
            } else {
                guard content.count <= Self.maxFieldBytes, let text = String(validating: content, as: UTF8.self) else {
                    throw .badRequest(reason: "the form field '\(name)' is not UTF-8 text of at most \(Self.maxFieldBytes) bytes")
                }
                fields.append((name, text))
            }
            position = contentEnd + separator.count
        }
    }

    private static let crlf: [UInt8] = [13, 10]
    private static let blankLine: [UInt8] = [13, 10, 13, 10]

    /// The field name of a part's headers, and whether it is a file.
    private static func disposition(_ headers: [UInt8]) throws(ERPError) -> (String, Bool) {
        guard let text = String(validating: headers, as: UTF8.self) else { throw .badRequest(reason: "a multipart part's headers are not UTF-8") }
        for line in text.split(separator: "\r\n") {
            let pieces = line.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = pieces.first, first.lowercased() == "content-disposition: form-data" else { continue }
            var name: String?
            var isFile = false
            for piece in pieces.dropFirst() {
                let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2, pair[1].count >= 2, pair[1].hasPrefix("\""), pair[1].hasSuffix("\"") else { continue }
                switch pair[0].lowercased() {
                case "name": name = String(pair[1].dropFirst().dropLast())
                case "filename": isFile = true
                default: break
                }
            }
            if let name, !name.isEmpty { return (name, isFile) }
        }
        throw .badRequest(reason: "a multipart part has no Content-Disposition: form-data with a name")
    }

    /// The index of the first `needle` in `haystack` at or after `from` (starting within `limit` bytes).
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int, limit: Int? = nil) -> Int? {
        let last = haystack.count - needle.count
        guard from <= last else { return nil }
        let end = min(last, limit.map { from + $0 } ?? last)
        guard from <= end else { return nil }
        for index in from...end where haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
