/// The chunked transfer coding (RFC 9112 §7.1):
///
///     chunked-body = *chunk last-chunk trailer-section CRLF
///     chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
///     last-chunk   = 1*("0") [ chunk-ext ] CRLF
extension HTTPParser {
    /// Advances through chunk framing; returns an event when the message ends or fails.
    mutating func parseChunked(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Event? {
        while index < bytes.count {
            switch state {
            case .chunkSizeLine:
                let c = bytes[index]
                index += 1
                if let event = chunkSizeLineByte(c) { return event }
            case .chunkData(let remaining):
                let n = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + n]))
                index += n
                state = n == remaining ? .chunkDataCR : .chunkData(remaining: remaining - n)
            case .chunkDataCR:
                let c = bytes[index]
                index += 1
                guard c == 0x0D else { return fail(.missingChunkDataCRLF) }
                state = .chunkDataLF
            case .chunkDataLF:
                let c = bytes[index]
                index += 1
                guard c == 0x0A else { return fail(.missingChunkDataCRLF) }
                state = .chunkSizeLine
            case .trailers:
                let c = bytes[index]
                index += 1
                if let event = trailerByte(c) { return event }
            case .head, .fixedBody, .failed:
                return nil
            }
        }
        return nil
    }

    /// Collects the chunk-size line and acts on it at CRLF.
    mutating func chunkSizeLineByte(_ c: UInt8) -> Event? {
        if sawCR {
            guard c == 0x0A else { return fail(.invalidChunkSize) }
            sawCR = false
            return chunkSizeLineComplete()
        }
        switch c {
        case 0x0D:
            sawCR = true
        case 0x0A, 0x00:
            return fail(.invalidChunkSize)
        default:
            guard lineBuffer.count < limits.maxChunkSizeLineBytes else {
                return fail(.chunkSizeLineTooLong)
            }
            lineBuffer.append(c)
        }
        return nil
    }

    /// Parses `chunk-size [ chunk-ext ]` and moves to data, or to trailers for the last chunk.
    mutating func chunkSizeLineComplete() -> Event? {
        defer { lineBuffer.removeAll(keepingCapacity: true) }
        var size = 0
        var digits = 0
        var significant = 0
        var i = 0
        while i < lineBuffer.count, let v = ByteClass.hexValue(lineBuffer[i]) {
            digits += 1
            if significant > 0 || v != 0 { significant += 1 }
            // 15 hex digits fit in Int64 with room to add the running total.
            guard significant <= 15 else { return fail(.invalidChunkSize) }
            size = size * 16 + v
            i += 1
        }
        guard digits > 0 else { return fail(.invalidChunkSize) }
        if i < lineBuffer.count {
            // Something other than BWS or ";" right after the digits is a bad size, not an ext.
            let next = lineBuffer[i]
            guard next == UInt8(ascii: ";") || ByteClass.isWhitespace(next) else {
                return fail(.invalidChunkSize)
            }
            guard isValidChunkExtension(lineBuffer[i...]) else { return fail(.invalidChunkExtension) }
        }
        if size == 0 {
            state = .trailers
            trailerBytes = 0
            trailerCount = 0
            return nil
        }
        // RFC 9110 §15.5.14: stop as soon as the running total passes the limit.
        guard body.count + size <= bodyLimit else { return fail(.bodyTooLarge) }
        state = .chunkData(remaining: size)
        return nil
    }

    /// RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ).
    /// Extensions are ignored, but must be well-formed enough not to hide framing.
    func isValidChunkExtension(_ ext: ArraySlice<UInt8>) -> Bool {
        var rest = ext.drop(while: ByteClass.isWhitespace)
        guard rest.first == UInt8(ascii: ";") else { return false }
        rest = rest.dropFirst()
        var inQuotes = false
        for c in rest {
            if c == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            guard ByteClass.isFieldValueChar(c) else { return false }
            if !inQuotes && !(ByteClass.isTokenChar(c) || c == UInt8(ascii: ";")
                || c == UInt8(ascii: "=") || ByteClass.isWhitespace(c) || c == UInt8(ascii: "\\"))
            {
                return false
            }
        }
        return !inQuotes
    }

    /// RFC 9112 §7.1.2: trailer fields are read, bounded, and discarded (we never merge them).
    mutating func trailerByte(_ c: UInt8) -> Event? {
        if sawCR {
            guard c == 0x0A else { return fail(.bareCarriageReturn) }
            sawCR = false
            if lineBuffer.isEmpty { return finishMessage() }
            defer { lineBuffer.removeAll(keepingCapacity: true) }
            trailerCount += 1
            if trailerCount > limits.maxHeaderCount { return fail(.trailerSectionTooLarge) }
            let valid = lineBuffer.withUnsafeBufferPointer { HeadParser.parseField($0) }
            if case .failure = valid { return fail(.malformedTrailer) }
            return nil
        }
        switch c {
        case 0x0D:
            sawCR = true
            trailerBytes += 1
        case 0x0A:
            return fail(.bareLineFeed)
        case 0x00:
            return fail(.nulInHead)
        default:
            trailerBytes += 1
            guard lineBuffer.count < limits.maxHeaderLineBytes else {
                return fail(.trailerSectionTooLarge)
            }
            lineBuffer.append(c)
        }
        if trailerBytes > limits.maxTrailerBytes { return fail(.trailerSectionTooLarge) }
        return nil
    }
}
