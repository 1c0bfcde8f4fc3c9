import CLibPQ
import Synchronization

/// Where server notices (`RAISE NOTICE`, "relation already exists, skipping", …) go.
///
/// libpq prints them to stderr by default; every connection we open routes them here instead,
/// so the application decides (its log, or nowhere).
package enum PostgresNotices {
    private static let sink = Mutex<(@Sendable (String) -> Void)?>(nil)

    /// Installs the process-wide receiver of notices; `nil` drops them.
    package static func setHandler(_ handler: (@Sendable (String) -> Void)?) {
        sink.withLock { $0 = handler }
    }

    static func deliver(_ message: String) {
        let handler = sink.withLock { $0 }
        handler?(message)
    }

    /// The C callback registered with `PQsetNoticeProcessor`.
    static let processor: PQnoticeProcessor = { _, message in
        guard let message else { return }
        var text = String(cString: message)
        while text.last == "\n" { text.removeLast() }
        PostgresNotices.deliver(text)
    }
}
