/// Limits the parser enforces; every one is configurable (see `HTTPServer.Configuration`).
package struct HTTPParserLimits: Sendable {
    /// Longest request line, without CRLF → `414`.
    package var maxRequestLineBytes = 8 * 1024
    /// Longest single header line, without CRLF → `431`.
    package var maxHeaderLineBytes = 8 * 1024
    /// All header lines together, with their CRLFs → `431`.
    package var maxHeaderBytes = 16 * 1024
    /// Most header fields → `431`.
    package var maxHeaderCount = 100
    /// Longest chunk-size line (size plus extensions), without CRLF → `400`.
    package var maxChunkSizeLineBytes = 1024
    /// Trailer section bytes (all discarded) → `431`.
    package var maxTrailerBytes = 8 * 1024
    /// Body limit per request head → `413`. Checked against Content-Length before any body
    /// byte is read, and against the running total of a chunked body.
    package var bodyLimit: @Sendable (HTTPRequestHead) -> Int = { _ in 1 << 20 }

    /// The defaults above.
    package init() {}
}

/// An incremental HTTP/1.1 request parser (RFC 9112): a pure state machine over bytes.
///
/// Feed bytes with `parse(_:)`; it consumes bytes up to the next event and says how many it
/// consumed. Feeding a message whole or byte by byte yields the same events. After
/// `.messageComplete` the parser is ready for the next (pipelined) request; after `.failed` it
/// stays failed — the connection must answer `error.status` and close.
package struct HTTPParser: Sendable {
    /// What a `parse` call stopped at.
    package enum Event: Sendable, Equatable {
        /// All given bytes were consumed without completing anything.
        case needMoreData
        /// The head of a request with a body is complete; its body follows. Lets the
        /// connection send `100 Continue` and switch from the head to the body deadline.
        case headComplete(HTTPRequestHead)
        /// A whole request; the body is de-chunked.
        case messageComplete(HTTPRequestHead, [UInt8])
        /// The request is malformed or over a limit.
        case failed(HTTPParseError)
    }

    enum State: Sendable {
        case head
        case fixedBody(remaining: Int)
        case chunkSizeLine
        case chunkData(remaining: Int)
        case chunkDataCR
        case chunkDataLF
        case trailers
        case failed(HTTPParseError)
    }

    /// The limits this parser enforces.
    package let limits: HTTPParserLimits
    var state: State = .head

    // Head scanning (RFC 9112 §2.2: lines end in CRLF; bare CR/LF and NUL rejected).
    var headBuffer: [UInt8] = []
    var lineRanges: [Range<Int>] = []
    var lineLength = 0
    var sawCR = false
    var headerBytes = 0
    var leadingEmptyLines = 0

    // The message in progress.
    var head: HTTPRequestHead?
    var body: [UInt8] = []
    var bodyLimit = 0

    // Chunk-size and trailer lines.
    var lineBuffer: [UInt8] = []
    var trailerBytes = 0
    var trailerCount = 0

    /// A parser with the given limits.
    package init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// Consumes bytes up to the next event.
    package mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (consumed: Int, event: Event) {
        var index = 0
        while true {
            switch state {
            case .failed(let error):
                return (index, .failed(error))
            case .head:
                if index == bytes.count { return (index, .needMoreData) }
                if let event = scanHead(bytes, &index) { return (index, event) }
            case .fixedBody(let remaining):
                if index == bytes.count { return (index, .needMoreData) }
                let n = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + n]))
                index += n
                if n == remaining { return (index, finishMessage()) }
                state = .fixedBody(remaining: remaining - n)
            default:
                if index == bytes.count { return (index, .needMoreData) }
                if let event = parseChunked(bytes, &index) { return (index, event) }
            }
        }
    }

    /// Convenience for tests and callers holding an array.
    package mutating func parse(_ bytes: ArraySlice<UInt8>) -> (consumed: Int, event: Event) {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    mutating func fail(_ error: HTTPParseError) -> Event {
        state = .failed(error)
        return .failed(error)
    }

    /// Scans head bytes; returns an event when the head ends or breaks a rule.
    mutating func scanHead(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Event? {
        var start = index
        var i = index
        defer { index = i }
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if sawCR {
                // RFC 9112 §2.2: a CR not followed by LF is invalid.
                guard c == 0x0A else { return fail(.bareCarriageReturn) }
                sawCR = false
                // Move the finished line into the head buffer before acting on it.
                headBuffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                start = i
                if let event = endLine(endOffset: headBuffer.count) { return event }
                continue
            }
            switch c {
            case 0x0D:
                sawCR = true
                continue
            case 0x0A:
                // RFC 9112 §2.2 allows LF-only as a MAY; we reject it (request smuggling).
                return fail(.bareLineFeed)
            case 0x00:
                return fail(.nulInHead)
            default:
                break
            }
            lineLength += 1
            if lineRanges.isEmpty {
                if lineLength > limits.maxRequestLineBytes { return fail(.requestLineTooLong) }
            } else {
                if lineLength > limits.maxHeaderLineBytes { return fail(.headerLineTooLong) }
                headerBytes += 1
                if headerBytes > limits.maxHeaderBytes { return fail(.headerSectionTooLarge) }
            }
        }
        headBuffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
        return nil
    }

    /// Handles a completed line ending just before `endOffset` (which is past its LF).
    mutating func endLine(endOffset: Int) -> Event? {
        let length = lineLength
        lineLength = 0
        if lineRanges.isEmpty && length == 0 {
            // RFC 9112 §2.2: ignore at least one empty line before the request-line, bounded.
            leadingEmptyLines += 1
            if leadingEmptyLines > 8 { return fail(.tooManyLeadingEmptyLines) }
            return nil
        }
        if !lineRanges.isEmpty {
            headerBytes += 2
            if headerBytes > limits.maxHeaderBytes { return fail(.headerSectionTooLarge) }
        }
        if length == 0 { return finishHead() }
        lineRanges.append((endOffset - 2 - length)..<(endOffset - 2))
        if lineRanges.count - 1 > limits.maxHeaderCount { return fail(.tooManyHeaderFields) }
        return nil
    }

    /// The empty line ending the head arrived: validate it and decide the framing.
    mutating func finishHead() -> Event {
        let result = headBuffer.withUnsafeBufferPointer { buffer in
            HeadParser.parse(buffer, lines: lineRanges)
        }
        headBuffer.removeAll(keepingCapacity: true)
        lineRanges.removeAll(keepingCapacity: true)
        headerBytes = 0
        leadingEmptyLines = 0
        let parsedHead: HTTPRequestHead
        switch result {
        case .failure(let error): return fail(error)
        case .success(let value): parsedHead = value
        }
        let framing: BodyFraming
        switch BodyFraming.decide(for: parsedHead) {
        case .failure(let error): return fail(error)
        case .success(let value): framing = value
        }
        bodyLimit = limits.bodyLimit(parsedHead)
        head = parsedHead
        switch framing {
        case .none:
            return finishMessage()
        case .length(let n):
            // RFC 9110 §15.5.14: refuse before reading a body we will not accept.
            if n > bodyLimit { return fail(.bodyTooLarge) }
            if n == 0 { return finishMessage() }
            body.reserveCapacity(min(n, 64 * 1024))
            state = .fixedBody(remaining: n)
        case .chunked:
            state = .chunkSizeLine
        }
        return .headComplete(parsedHead)
    }

    /// Emits the finished message and resets for the next one.
    mutating func finishMessage() -> Event {
        guard let message = head else { return fail(.malformedRequestLine) }
        let finishedBody = body
        head = nil
        body = []
        state = .head
        return .messageComplete(message, finishedBody)
    }
}
