import HTTP1
import Testing

/// Parser events other than `.needMoreData`, in order.
typealias Events = [HTTPParser.Event]

/// Feeds `bytes` in one piece, as long as the parser makes progress.
func parseWhole(_ bytes: [UInt8], limits: HTTPParserLimits) -> Events {
    var parser = HTTPParser(limits: limits)
    var events: Events = []
    var offset = 0
    while offset < bytes.count {
        let (consumed, event) = parser.parse(bytes[offset...])
        offset += consumed
        if event != .needMoreData { events.append(event) }
        if case .failed = event { break }
        if consumed == 0 && event == .needMoreData { break }
    }
    return events
}

/// Feeds `bytes` one byte per call.
func parseByteByByte(_ bytes: [UInt8], limits: HTTPParserLimits) -> Events {
    parseInChunks(bytes, size: 1, limits: limits)
}

/// Feeds `bytes` in slices of `size` bytes, re-feeding the unconsumed rest of a slice.
func parseInChunks(_ bytes: [UInt8], size: Int, limits: HTTPParserLimits) -> Events {
    var parser = HTTPParser(limits: limits)
    var events: Events = []
    var start = 0
    while start < bytes.count {
        let end = min(start + size, bytes.count)
        var offset = start
        while offset < end {
            let (n, event) = parser.parse(bytes[offset..<end])
            offset += n
            if event != .needMoreData { events.append(event) }
            if case .failed = event { return events }
            if n == 0 && event == .needMoreData { return events }
        }
        start = end
    }
    return events
}

/// Parses `text` whole, byte by byte and in 3- and 7-byte slices, expects all to agree, and
/// returns the events.
func parse(
    _ text: String, limits: HTTPParserLimits = HTTPParserLimits(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> Events {
    parse(bytes: Array(text.utf8), limits: limits, sourceLocation: sourceLocation)
}

/// Byte version of `parse(_:)`.
func parse(
    bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> Events {
    let whole = parseWhole(bytes, limits: limits)
    let single = parseByteByByte(bytes, limits: limits)
    #expect(whole == single, "whole and byte-by-byte feeding disagree", sourceLocation: sourceLocation)
    for size in [3, 7] {
        #expect(whole == parseInChunks(bytes, size: size, limits: limits),
                "whole and \(size)-byte feeding disagree", sourceLocation: sourceLocation)
    }
    return whole
}

/// The complete requests among `events`.
func messages(_ events: Events) -> [(head: HTTPRequestHead, body: [UInt8])] {
    events.compactMap {
        if case .messageComplete(let head, let body) = $0 { return (head, body) }
        return nil
    }
}

/// The failure among `events`, if any.
func failure(_ events: Events) -> HTTPParseError? {
    for event in events { if case .failed(let error) = event { return error } }
    return nil
}

/// Expects exactly one request in `text` and returns it.
func singleRequest(
    _ text: String, limits: HTTPParserLimits = HTTPParserLimits(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> (head: HTTPRequestHead, body: [UInt8])? {
    let events = parse(text, limits: limits, sourceLocation: sourceLocation)
    #expect(failure(events) == nil, "unexpected failure", sourceLocation: sourceLocation)
    let all = messages(events)
    #expect(all.count == 1, sourceLocation: sourceLocation)
    return all.first
}

/// Expects `text` to fail with `error` (same whole and byte by byte) and no request.
func expectRejects(
    _ text: String, _ error: HTTPParseError, limits: HTTPParserLimits = HTTPParserLimits(),
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let events = parse(text, limits: limits, sourceLocation: sourceLocation)
    #expect(failure(events) == error, "events: \(events)", sourceLocation: sourceLocation)
    #expect(messages(events).isEmpty, sourceLocation: sourceLocation)
}

/// Limits with the body limit set to `bytes` for every request.
func limits(body bytes: Int) -> HTTPParserLimits {
    var limits = HTTPParserLimits()
    limits.bodyLimit = { _ in bytes }
    return limits
}
