// The accountant's bank words (statements, their preview, the queue), kept apart from the other
// catalogs so the bank pages own their texts. `Message.bank(_:)` carries them; both languages are
// exhaustive switches.

/// A text of the bank pages; `Message.bank(_:)` puts it into the catalog.
package enum BankText: Sendable, Equatable {
    case bank, uploadStatement, statementFile, statementHint, check, chooseFile
    case preview, previewAdvice, apply, encoding, lineCount(Int)
    /// What became (or would become) of a statement line: `paid`, `queued`, `duplicate`, `outgoing`, `skipped`.
    case outcome(String)
    case counterparty, matchedBy, why, moneyIn, moneyOut
    case queue, emptyQueue, resolve, supplier, invoice, dismiss, comment, dismissed, reopen
    /// Why a line is dismissed: `bank_fee`, `tax`, `own_transfer`, `other`.
    case dismissal(String)
    case noticeImported, noticeResolved, noticeDismissed, noticeReopened
    /// The service's account of how a line matched or why it did not ("no client has INN …", "inn, amount").
    case explanation(String)

    /// The success banner a redirect of these pages names (`?notice=imported`), or nil.
    static func notice(_ name: String) -> BankText? {
        switch name {
        case "imported": .noticeImported
        case "resolved": .noticeResolved
        case "dismissed": .noticeDismissed
        case "reopened": .noticeReopened
        default: nil
        }
    }
}

extension PageContext {
    /// A bank text in the request's language.
    func bank(_ text: BankText) -> String { self.text(.bank(text)) }
}
