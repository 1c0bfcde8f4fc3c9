/// How the body of a request is delimited (RFC 9112 §6.3).
enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked

    /// Decides the framing from the head, rejecting anything ambiguous.
    static func decide(for head: HTTPRequestHead) -> Result<BodyFraming, HTTPParseError> {
        var contentLengths = 0
        var lengthValue = ""
        var codings: [Substring] = []
        var sawTransferEncoding = false
        for field in head.headers {
            if HTTPHeaders.namesEqual(field.name, "Content-Length") {
                contentLengths += 1
                lengthValue = field.value
            } else if HTTPHeaders.namesEqual(field.name, "Transfer-Encoding") {
                sawTransferEncoding = true
                // RFC 9110 §5.6.1: lists may have empty elements, which recipients ignore.
                for element in field.value.split(separator: ",", omittingEmptySubsequences: true) {
                    let coding = element.trimmingOWS()
                    if !coding.isEmpty { codings.append(coding) }
                }
            }
        }
        if sawTransferEncoding {
            // RFC 9112 §6.1: CL with TE "ought to be handled as an error" — smuggling vector.
            if contentLengths > 0 { return .failure(.contentLengthWithTransferEncoding) }
            // RFC 9112 §6.1: TE in HTTP/1.0 means faulty framing.
            if head.version == .http1_0 { return .failure(.transferEncodingInHTTP10) }
            return decideTransferCodings(codings)
        }
        // RFC 9112 §6.3 rule 5: several (even identical) or a non-numeric Content-Length is
        // unrecoverable; we refuse lists like "5, 5" too.
        if contentLengths > 1 { return .failure(.duplicateContentLength) }
        if contentLengths == 1 { return parseContentLength(lengthValue) }
        // RFC 9112 §6.3 rule 7: a request with neither has no body.
        return .success(.none)
    }

    /// RFC 9112 §6.3 rule 4 and §7: chunked must be the final coding, exactly once. A coding
    /// we do not implement before it is 501 (RFC 9112 §6.1).
    static func decideTransferCodings(_ codings: [Substring]) -> Result<BodyFraming, HTTPParseError> {
        func name(_ coding: Substring) -> Substring {
            let bare = coding.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
            return bare.trimmingOWS()
        }
        guard let last = codings.last,
            HTTPHeaders.asciiCaseInsensitiveEqual(name(last), "chunked"),
            name(last).count == last.count
        else { return .failure(.transferEncodingNotChunked) }
        for coding in codings.dropLast() {
            if HTTPHeaders.asciiCaseInsensitiveEqual(name(coding), "chunked") {
                return .failure(.transferEncodingNotChunked)
            }
            guard !name(coding).isEmpty, name(coding).utf8.allSatisfy(ByteClass.isTokenChar) else {
                return .failure(.transferEncodingNotChunked)
            }
        }
        if codings.count > 1 { return .failure(.unsupportedTransferCoding) }
        return .success(.chunked)
    }

    /// RFC 9110 §8.6: Content-Length = 1*DIGIT. Checked byte by byte (`Int("+5")` would pass).
    static func parseContentLength(_ value: String) -> Result<BodyFraming, HTTPParseError> {
        let bytes = value.utf8
        guard !bytes.isEmpty, bytes.allSatisfy(ByteClass.isDigit) else {
            return .failure(.invalidContentLength)
        }
        let significant = bytes.drop { $0 == UInt8(ascii: "0") }
        // 18 digits always fit in Int64; anything longer is certainly over every body limit.
        guard significant.count <= 18 else { return .failure(.bodyTooLarge) }
        var n = 0
        for c in significant { n = n * 10 + Int(c - UInt8(ascii: "0")) }
        return .success(.length(n))
    }
}
