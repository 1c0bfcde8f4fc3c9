/// Why a request could not be framed. Every case maps to the status the server answers with
/// before closing the connection; `reason` is a short human text for logs and error bodies.
package enum HTTPParseError: Error, Sendable, Equatable, Hashable {
    // 400: syntax of the head (RFC 9112 §2, §3, §5)
    case bareCarriageReturn
    case bareLineFeed
    case nulInHead
    case tooManyLeadingEmptyLines
    case malformedRequestLine
    case invalidMethod
    case invalidTarget
    case malformedVersion
    case obsFold
    case whitespaceBeforeColon
    case invalidFieldName
    case invalidFieldValue
    case missingColon
    case missingHost
    case duplicateHost
    // 400: message framing (RFC 9112 §6)
    case contentLengthWithTransferEncoding
    case duplicateContentLength
    case invalidContentLength
    case transferEncodingNotChunked
    case transferEncodingInHTTP10
    case invalidChunkSize
    case invalidChunkExtension
    case chunkSizeLineTooLong
    case missingChunkDataCRLF
    case malformedTrailer
    // 413 / 414 / 431: limits
    case bodyTooLarge
    case requestLineTooLong
    case headerLineTooLong
    case headerSectionTooLarge
    case tooManyHeaderFields
    case trailerSectionTooLarge
    // 501 / 505
    case unknownMethod
    case unsupportedTransferCoding
    case unsupportedVersion

    /// The response status for this error.
    package var status: Int {
        switch self {
        case .bareCarriageReturn, .bareLineFeed, .nulInHead, .tooManyLeadingEmptyLines,
            .malformedRequestLine, .invalidMethod, .invalidTarget, .malformedVersion, .obsFold,
            .whitespaceBeforeColon, .invalidFieldName, .invalidFieldValue, .missingColon,
            .missingHost, .duplicateHost, .contentLengthWithTransferEncoding,
            .duplicateContentLength, .invalidContentLength, .transferEncodingNotChunked,
            .transferEncodingInHTTP10, .invalidChunkSize, .invalidChunkExtension,
            .chunkSizeLineTooLong, .missingChunkDataCRLF, .malformedTrailer:
            400
        case .bodyTooLarge: 413
        case .requestLineTooLong: 414
        case .headerLineTooLong, .headerSectionTooLarge, .tooManyHeaderFields,
            .trailerSectionTooLarge:
            431
        case .unknownMethod, .unsupportedTransferCoding: 501
        case .unsupportedVersion: 505
        }
    }

    /// A short explanation, safe to show to the client.
    package var reason: String {
        switch self {
        case .bareCarriageReturn: "bare CR in request head"
        case .bareLineFeed: "bare LF in request head"
        case .nulInHead: "NUL byte in request head"
        case .tooManyLeadingEmptyLines: "too many empty lines before the request line"
        case .malformedRequestLine: "malformed request line"
        case .invalidMethod: "invalid method token"
        case .invalidTarget: "invalid request target"
        case .malformedVersion: "malformed HTTP version"
        case .obsFold: "obsolete line folding is not accepted"
        case .whitespaceBeforeColon: "whitespace between field name and colon"
        case .invalidFieldName: "invalid header field name"
        case .invalidFieldValue: "invalid header field value"
        case .missingColon: "header field without colon"
        case .missingHost: "missing Host header"
        case .duplicateHost: "duplicate Host header"
        case .contentLengthWithTransferEncoding: "both Content-Length and Transfer-Encoding"
        case .duplicateContentLength: "more than one Content-Length"
        case .invalidContentLength: "invalid Content-Length"
        case .transferEncodingNotChunked: "final transfer coding is not chunked"
        case .transferEncodingInHTTP10: "Transfer-Encoding in an HTTP/1.0 request"
        case .invalidChunkSize: "invalid chunk size"
        case .invalidChunkExtension: "invalid chunk extension"
        case .chunkSizeLineTooLong: "chunk size line too long"
        case .missingChunkDataCRLF: "missing CRLF after chunk data"
        case .malformedTrailer: "malformed trailer field"
        case .bodyTooLarge: "request body too large"
        case .requestLineTooLong: "request line too long"
        case .headerLineTooLong: "header line too long"
        case .headerSectionTooLarge: "header section too large"
        case .tooManyHeaderFields: "too many header fields"
        case .trailerSectionTooLarge: "trailer section too large"
        case .unknownMethod: "method not implemented"
        case .unsupportedTransferCoding: "transfer coding not implemented"
        case .unsupportedVersion: "HTTP version not supported"
        }
    }
}
