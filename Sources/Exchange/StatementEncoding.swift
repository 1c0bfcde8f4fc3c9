// Which encoding a bank statement is really in. The header declares `Кодировка=Windows` (1251) or
// `DOS` (866), some banks write UTF-8, and some declare one and send another. The bytes decide:
// - valid UTF-8 containing non-ASCII is UTF-8 (Cyrillic in 1251 or 866 is practically never
//   valid UTF-8), whatever the header says;
// - otherwise the key `Кодировка` itself is Cyrillic, so the single-byte code page in which it
//   reads as `Кодировка` is the file's — a 866 file declaring Windows is still read as 866;
// - without a legible declaration, the code page in which every byte above 0x7F is a Russian
//   letter or a sign Russian text uses (866 puts box drawing where 1251 has capitals) decides;
// - when both (or neither) read that way the file cannot be told: refused, since guessing would
//   turn names into mojibake.

import ERPCore

enum StatementEncoding {
    /// The text of a statement file and the encoding it was read in.
    /// - Throws: `ERPError.validationFailed` on `file` when the encoding cannot be decided.
    static func decode(_ bytes: [UInt8]) throws(ERPError) -> (text: String, encoding: String) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.allSatisfy({ $0 < 0x80 }) { return (String(decoding: body, as: UTF8.self), "ascii") }
        if let text = String(validating: body, as: UTF8.self) { return (text, "utf-8") }
        for codePage in [CodePage.windows1251, .dos866] {
            if let text = codePage.decode(body), text.contains("\nКодировка=") || text.contains("\rКодировка=") {
                return (text, codePage.name)
            }
        }
        let plausible = [CodePage.windows1251, .dos866].compactMap { codePage in
            codePage.decode(body).flatMap { text in text.unicodeScalars.allSatisfy(isRussianText) ? (text, codePage.name) : nil }
        }
        if plausible.count == 1 { return plausible[0] }
        throw .validationFailed(fields: ["file": "cannot tell the statement's encoding: it is neither UTF-8 nor declares "
                                         + "Кодировка= legibly in Windows-1251 or DOS 866; export it again as Windows-1251"])
    }

    /// ASCII, Cyrillic letters, and the signs Russian documents use (№ « » – — …, no-break space).
    private static func isRussianText(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII || (0x0410...0x044F).contains(scalar.value) || "Ёё№«»–—…\u{A0}".unicodeScalars.contains(scalar)
    }
}
