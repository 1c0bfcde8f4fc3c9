import ERPCore
import Testing

@testable import Web

/// The strict multipart/form-data reader of the upload forms: what browsers send is read byte for
/// byte; anything malformed or over a limit is a 400 that says what is wrong.
@Suite("Multipart forms")
struct MultipartFormTests {
    private static let boundary = "----WebKitFormBoundaryX3a"

    /// A body of `parts` (name, filename or nil, content) as a browser writes it.
    static func body(_ parts: [(String, String?, [UInt8])], boundary: String = boundary) -> [UInt8] {
        var bytes: [UInt8] = []
        for (name, filename, content) in parts {
            let disposition = "Content-Disposition: form-data; name=\"\(name)\"" + (filename.map { "; filename=\"\($0)\"" } ?? "")
            bytes += Array("--\(boundary)\r\n\(disposition)\r\n".utf8)
            if filename != nil { bytes += Array("Content-Type: text/plain\r\n".utf8) }
            bytes += Array("\r\n".utf8) + content + Array("\r\n".utf8)
        }
        return bytes + Array("--\(boundary)--\r\n".utf8)
    }

    private func refusal(_ body: [UInt8], boundary: String = boundary) -> String? {
        do {
            _ = try MultipartForm(body: body, boundary: boundary)
            return nil
        } catch {
            if case .badRequest(let reason) = error { return reason }
            return "\(error)"
        }
    }

    @Test func textFieldsAndAFileAreReadAndTheFileKeepsItsBytes() throws {
        let windows1251: [UInt8] = [0xCE, 0xEF, 0xEB, 0xE0, 0xF2, 0xE0, 13, 10, 0x2D, 0x2D]  // "Оплата\r\n--"
        let form = try MultipartForm(body: Self.body([("csrf", nil, Array("tok".utf8)), ("file", "kl_to_1c.txt", windows1251)]),
                                     boundary: Self.boundary)
        #expect(form.fields.map(\.name) == ["csrf"] && form.fields.map(\.value) == ["tok"])
        #expect(form.files["file"] == windows1251)
    }

    @Test func theBoundaryComesFromTheContentTypeQuotedOrNot() throws {
        #expect(try MultipartForm.boundary(of: "multipart/form-data; boundary=abc") == "abc")
        #expect(try MultipartForm.boundary(of: "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"") == "a b")
        #expect(try MultipartForm.boundary(of: "application/x-www-form-urlencoded") == nil)
        #expect(throws: ERPError.self) { try MultipartForm.boundary(of: "multipart/form-data") }
        #expect(throws: ERPError.self) { try MultipartForm.boundary(of: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)) }
    }

    @Test func aFormThatIsCutOffOrMalformedIsRefusedSayingWhy() {
        let good = Self.body([("csrf", nil, Array("tok".utf8))])
        #expect(refusal(Array(good.dropLast(30)))?.contains("cut off") == true)
        #expect(refusal(Array("garbage".utf8))?.contains("does not start") == true)
        #expect(refusal(Array("--\(Self.boundary)\r\nContent-Type: text/plain\r\n\r\nx\r\n--\(Self.boundary)--".utf8))?
            .contains("Content-Disposition") == true)
        #expect(refusal(Self.body([("note", nil, [0xFF, 0xFE])]))?.contains("not UTF-8") == true)
        #expect(refusal(Array("--\(Self.boundary)\r\n".utf8) + Array(repeating: 65, count: 2000))?.contains("end of headers") == true)
    }

    @Test func moreThanTwentyPartsOrAnOverlongFieldAreRefused() {
        let many = (0..<21).map { ("f\($0)", String?.none, Array("x".utf8)) }
        #expect(refusal(Self.body(many))?.contains("more than 20 parts") == true)
        #expect(refusal(Self.body([("note", nil, Array(repeating: 65, count: 65 * 1024))]))?.contains("at most") == true)
    }
}
