// Free text on stock documents: trimmed, empty means absent, bounded.

import ERPCore
import Foundation

enum StockText {
    /// The trimmed text, or nil when there is none.
    static func present(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// A document's note: at most 2,000 characters.
    static func note(_ text: String?, problems: inout FieldErrors) -> String? {
        let note = present(text)
        if let note, note.count > 2000 { problems.add("note", "must be at most 2000 characters") }
        return note
    }
}
