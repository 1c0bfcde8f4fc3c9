import ERPCore
import Foundation
import Testing

/// HMAC-SHA256 matches RFC 4231's test vectors and a MAC computed by a program we did not write.
@Suite("HMAC-SHA256")
struct HMACTests {
    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
    }

    // RFC 4231 §4.2–4.8 (case 5, truncated output, is left out: we never truncate).
    @Test(arguments: [
        (String(repeating: "0b", count: 20), "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (String(repeating: "aa", count: 20), String(repeating: "dd", count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (String(repeating: "aa", count: 131),
         "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (String(repeating: "aa", count: 131),
         "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e64"
            + "2061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f206265"
            + "20686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func macsMatchRFC4231(_ key: String, _ data: String, _ mac: String) {
        #expect(HMACSHA256.hex(key: Self.bytes(key), message: Self.bytes(data)) == mac)
    }

    /// A webhook body signed by us verifies with OpenSSL's HMAC (`openssl dgst -sha256 -hmac`).
    @Test func aSignatureVerifiesWithOpenSSL() throws {
        let (secret, body) = ("s3cr\u{0451}t-ключ", #"{"id":42,"type":"order.confirmed","data":{"number":"SO-2026-000042"}}"#)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hmac-\(UUID().uuidString).json")
        try Data(body.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["dgst", "-sha256", "-hmac", secret, "-r", file.path]
        let output = Pipe()
        openssl.standardOutput = output
        try openssl.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        openssl.waitUntilExit()
        #expect(printed.split(separator: " ").first.map(String.init) == HMACSHA256.hex(key: Array(secret.utf8), message: Array(body.utf8)))
    }
}
