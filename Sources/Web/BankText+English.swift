// The bank pages in English.

extension BankText {
    /// The English text.
    var english: String {
        switch self {
        case .bank: "Bank"
        case .uploadStatement: "Upload a statement"
        case .statementFile: "Statement file"
        case .statementHint: "The client-bank's export for 1C (kl_to_1c.txt), in any encoding."
        case .check: "Check"
        case .chooseFile: "Choose the statement file."
        case .preview: "Statement check"
        case .previewAdvice: "Nothing is recorded yet. Check the lines and press “Import the statement”."
        case .apply: "Import the statement"
        case .encoding: "Encoding"
        case .lineCount(let count): "Lines: \(count)"
        case .outcome(let outcome):
            switch outcome {
            case "paid": "Payment"
            case "queued": "To the queue"
            case "duplicate": "Imported before"
            case "outgoing": "Bank charge"
            default: "Skipped"
            }
        case .counterparty: "Counterparty"
        case .matchedBy: "Matched by"
        case .why: "Why"
        case .moneyIn: "Money in"
        case .moneyOut: "Money out"
        case .queue: "Unmatched lines"
        case .emptyQueue: "Every statement line is matched."
        case .resolve: "Match"
        case .supplier: "Supplier"
        case .invoice: "Invoice"
        case .dismiss: "Dismiss"
        case .comment: "Comment"
        case .dismissed: "Dismissed lines"
        case .reopen: "Back to the queue"
        case .dismissal(let reason):
            switch reason {
            case "bank_fee": "Bank fee"
            case "tax": "Tax"
            case "own_transfer": "Transfer between our accounts"
            default: "Other"
            }
        case .noticeImported: "Statement imported, lines:"
        case .noticeResolved: "Matched statement line"
        case .noticeDismissed: "Dismissed statement line"
        case .noticeReopened: "Back in the queue: statement line"
        case .explanation(let english): english
        }
    }
}
