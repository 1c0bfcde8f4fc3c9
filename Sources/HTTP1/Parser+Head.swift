/// Parses a complete, line-split request head (request line + field lines).
enum HeadParser {
    /// Validates the request line and fields. `lines[0]` is the request line.
    static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, lines: [Range<Int>]
    ) -> Result<HTTPRequestHead, HTTPParseError> {
        guard let requestLine = lines.first else { return .failure(.malformedRequestLine) }
        let line = UnsafeBufferPointer(rebasing: buffer[requestLine])
        let method: HTTPMethod
        let target: String
        let version: HTTPVersion
        switch parseRequestLine(line) {
        case .failure(let error): return .failure(error)
        case .success(let parts): (method, target, version) = parts
        }
        var headers = HTTPHeaders()
        headers.storage.reserveCapacity(lines.count - 1)
        for range in lines.dropFirst() {
            switch parseField(UnsafeBufferPointer(rebasing: buffer[range])) {
            case .failure(let error): return .failure(error)
            case .success(let field): headers.storage.append(field)
            }
        }
        let head = HTTPRequestHead(method: method, target: target, version: version, headers: headers)
        // RFC 9112 §3.2: a client MUST send Host in HTTP/1.1; a server MUST answer 400 to a
        // 1.1 request lacking it and to any request with more than one.
        let hosts = head.headers.occurrences(of: "Host")
        if hosts > 1 { return .failure(.duplicateHost) }
        if hosts == 0 && version == .http1_1 { return .failure(.missingHost) }
        if method != .options && target == "*" { return .failure(.invalidTarget) }
        return .success(head)
    }

    /// RFC 9112 §3: request-line = method SP request-target SP HTTP-version, single spaces.
    static func parseRequestLine(
        _ line: UnsafeBufferPointer<UInt8>
    ) -> Result<(HTTPMethod, String, HTTPVersion), HTTPParseError> {
        guard let sp1 = line.firstIndex(of: 0x20) else { return .failure(.malformedRequestLine) }
        let methodBytes = UnsafeBufferPointer(rebasing: line[0..<sp1])
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(ByteClass.isTokenChar) else {
            return .failure(.invalidMethod)
        }
        let afterMethod = line[(sp1 + 1)...]
        guard let sp2 = afterMethod.firstIndex(of: 0x20) else {
            return .failure(.malformedRequestLine)
        }
        let targetBytes = UnsafeBufferPointer(rebasing: line[(sp1 + 1)..<sp2])
        let versionBytes = UnsafeBufferPointer(rebasing: line[(sp2 + 1)...])
        guard !targetBytes.isEmpty else { return .failure(.malformedRequestLine) }
        guard targetBytes.allSatisfy(ByteClass.isTargetChar) else { return .failure(.invalidTarget) }
        guard isValidTargetForm(targetBytes) else { return .failure(.invalidTarget) }

        // RFC 9112 §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT (case-sensitive).
        guard versionBytes.count == 8,
            versionBytes.starts(with: "HTTP/".utf8),
            ByteClass.isDigit(versionBytes[5]), versionBytes[6] == UInt8(ascii: "."),
            ByteClass.isDigit(versionBytes[7])
        else { return .failure(.malformedVersion) }
        let version: HTTPVersion
        switch (versionBytes[5], versionBytes[7]) {
        case (UInt8(ascii: "1"), UInt8(ascii: "1")): version = .http1_1
        case (UInt8(ascii: "1"), UInt8(ascii: "0")): version = .http1_0
        default: return .failure(.unsupportedVersion)
        }
        // RFC 9110 §9.1: a method we do not implement is 501, a malformed one 400 (above).
        guard let method = HTTPMethod(bytes: methodBytes) else { return .failure(.unknownMethod) }
        return .success((method, String(decoding: targetBytes, as: UTF8.self), version))
    }

    /// RFC 9112 §3.2: origin-form ("/…"), absolute-form ("http://…"), asterisk-form ("*").
    /// authority-form is only for CONNECT, which we do not implement.
    static func isValidTargetForm(_ target: UnsafeBufferPointer<UInt8>) -> Bool {
        if target[0] == UInt8(ascii: "/") { return true }
        if target.count == 1 && target[0] == UInt8(ascii: "*") { return true }
        let lowered = target.prefix(8).map(HTTPHeaders.asciiLower)
        return lowered.starts(with: "http://".utf8) || lowered.starts(with: "https://".utf8)
    }

    /// RFC 9112 §5: field-line = field-name ":" OWS field-value OWS.
    static func parseField(_ line: UnsafeBufferPointer<UInt8>) -> Result<HTTPHeaders.Field, HTTPParseError> {
        // RFC 9112 §5.2: obs-fold (a line starting with SP/HTAB) — we reject with 400.
        if ByteClass.isWhitespace(line[0]) { return .failure(.obsFold) }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            return .failure(.missingColon)
        }
        guard colon > 0 else { return .failure(.invalidFieldName) }
        // RFC 9112 §5.1: no whitespace between field name and colon; MUST reject with 400.
        if ByteClass.isWhitespace(line[colon - 1]) { return .failure(.whitespaceBeforeColon) }
        let name = UnsafeBufferPointer(rebasing: line[0..<colon])
        guard name.allSatisfy(ByteClass.isTokenChar) else { return .failure(.invalidFieldName) }
        var lo = colon + 1
        var hi = line.count
        while lo < hi && ByteClass.isWhitespace(line[lo]) { lo += 1 }
        while hi > lo && ByteClass.isWhitespace(line[hi - 1]) { hi -= 1 }
        let value = UnsafeBufferPointer(rebasing: line[lo..<hi])
        // RFC 9110 §5.5: field values contain no CTLs other than HTAB.
        guard value.allSatisfy(ByteClass.isFieldValueChar) else { return .failure(.invalidFieldValue) }
        return .success((
            name: String(decoding: name, as: UTF8.self),
            value: String(decoding: value, as: UTF8.self)
        ))
    }
}
