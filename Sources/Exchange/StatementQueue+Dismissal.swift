// Dismissing a queued statement line: money that is no one's payment to record here (the bank's
// fee, a tax, a transfer between our own accounts, or something the accountant explains). A
// dismissal records no money, so it can be undone — the line goes back to the queue with the
// reason it was unmatched; both steps are audited. Like a resolution, a dismissal locks the line
// in the status it starts from, so of a resolution and a dismissal racing exactly one happens.

import ERPCore
import Foundation
import Postgres

/// `POST /api/v1/bank/queue/{id}/dismiss`: why a queued line needs no payment.
package struct StatementDismissal: Codable, Sendable, Equatable {
    package enum Reason: String, Codable, Sendable, CaseIterable {
        case bankFee = "bank_fee"
        case tax
        case ownTransfer = "own_transfer"
        case other
    }

    package var reason: Reason
    /// What the line was; required for `other`.
    package var comment: String?

    package init(reason: Reason, comment: String? = nil) {
        self.reason = reason
        self.comment = comment
    }

    /// The comment trimmed, nil when blank.
    /// - Throws: `ERPError.validationFailed` on `comment` for `other` without one, or one over 500 characters.
    func validatedComment() throws(ERPError) -> String? {
        let comment = comment.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        if reason == .other && comment == nil { throw ERPError.validationFailed(fields: ["comment": "is required for reason other"]) }
        if let comment, comment.count > 500 { throw ERPError.validationFailed(fields: ["comment": "must be 1 to 500 characters long"]) }
        return comment
    }
}

extension StatementQueue {
    /// Takes a queued line off the queue with `dismissal`; no payment is recorded.
    /// - Throws: `ERPError.forbidden` without `recordPayments`; `.validationFailed` on `comment`;
    ///   `.notFound`; `.invalidState` when the line is not queued (resolved or dismissed meanwhile).
    static func dismiss(_ id: StatementLineID, _ dismissal: StatementDismissal, by principal: Principal, at now: Date,
                        in tx: Transaction) throws -> StatementLine {
        try principal.require(.recordPayments)
        let comment = try dismissal.validatedComment()
        _ = try locked(id, expected: "queued", action: "dismiss", in: tx)
        try tx.query("""
            UPDATE bank_statement_lines SET status = 'dismissed', dismissal = \(dismissal.reason.rawValue), dismissal_comment = \(comment),
                resolved_at = \(now), resolved_by_login = \(principal.login)
            WHERE id = \(id)
            """)
        try Audit.record(in: tx, by: principal, action: "bank_statement_line.dismiss", entityType: "bank_statement_line", entityID: id,
                         change: .object(["reason": .string(dismissal.reason.rawValue), "comment": comment.map { .string($0) } ?? .null]))
        return try get(id, in: tx)
    }

    /// Puts a dismissed line back in the queue, unmatched for the reason it had.
    /// - Throws: `ERPError.forbidden` without `recordPayments`; `.notFound`; `.invalidState` when
    ///   the line is not dismissed.
    static func reopen(_ id: StatementLineID, by principal: Principal, in tx: Transaction) throws -> StatementLine {
        try principal.require(.recordPayments)
        let line = try locked(id, expected: "dismissed", action: "reopen", in: tx)
        try tx.query("""
            UPDATE bank_statement_lines SET status = 'queued', dismissal = NULL, dismissal_comment = NULL,
                resolved_at = NULL, resolved_by_login = NULL
            WHERE id = \(id)
            """)
        try Audit.record(in: tx, by: principal, action: "bank_statement_line.reopen", entityType: "bank_statement_line", entityID: id,
                         change: .object(["dismissal": .string(line.dismissal?.reason.rawValue ?? "")]))
        return try get(id, in: tx)
    }
}
