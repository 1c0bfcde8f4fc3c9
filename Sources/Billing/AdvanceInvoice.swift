// The advance invoice (счёт-фактура на аванс, НК РФ ст. 168 п. 3, ст. 169 п. 5.1): a VAT payer
// issues it within five days of a client's prepayment, for the part of the payment no shipped
// document covered, with VAT at the estimated rate (22/122, 10/110) in force on the payment date.
// When goods are shipped, the UPD offsets the advance (зачёт аванса, ст. 171 п. 8, ст. 172 п. 6):
// the UPD names the payment on its line (5), and the offset is recorded with its VAT share.

import ERPCore
import Foundation
import Parties

/// A prepayment that still wants its advance invoice: `GET /api/v1/advance-invoices/due`.
///
/// JSON keys: `payment_id`, `payment_number`, `client_id`, `paid_on`, `advance`, `due_by`.
package struct AdvanceDue: Codable, Sendable, Equatable {
    package var paymentID: PaymentID
    package var paymentNumber: String
    package var clientID: PartyID
    package var paidOn: CalendarDate
    /// The part of the payment no shipped document covered on its day.
    package var advance: Money
    /// The last day of the five the Tax Code gives (the payment date + 5).
    package var dueBy: CalendarDate
}

/// `GET /api/v1/advance-invoices/due`: the prepayments due, oldest first.
package struct AdvanceDueList: Codable, Sendable, Equatable {
    package var items: [AdvanceDue]
}

/// An advance invoice as issued: the frozen content with what UPDs have offset of it.
///
/// JSON keys: `id`, `number`, `payment_id`, `client_id`, `date`, `amount`, `vat_rate`, `vat`,
/// `offset`, `remaining`, `seller`, `buyer`, `payment`, `issued_at`, `issued_by`.
package struct AdvanceInvoice: Codable, Sendable, Equatable {
    package var id: AdvanceInvoiceID
    package var number: String
    package var paymentID: PaymentID
    package var clientID: PartyID
    package var date: CalendarDate
    /// The advance, VAT included.
    package var amount: Money
    /// The estimated rate's percentage, printed as `22/122`.
    package var vatRate: VATRate
    package var vat: Money
    /// What live UPDs have offset of it.
    package var offset: Money
    package var remaining: Money
    package var seller: PartyRequisites
    package var buyer: PartyRequisites
    /// The payment document (line 5 of the invoice: "К платёжно-расчётному документу").
    package var payment: DocumentReference
    package var issuedAt: Date
    package var issuedBy: String
}

/// `POST /api/v1/payments/{id}/advance-invoice`.
package struct AdvanceInvoiceRequest: Codable, Sendable, Equatable {
    /// The invoice's date (default today); not before the payment.
    package var date: CalendarDate?

    package init(date: CalendarDate? = nil) {
        self.date = date
    }
}

/// What an advance invoice freezes: both parties' requisites, the payment it documents, the rate.
struct AdvanceInvoiceContent: Codable, Sendable, Equatable {
    var seller: PartyRequisites
    var buyer: PartyRequisites
    var payment: DocumentReference
    var vatRate: VATRate
}

extension VATRate {
    /// The estimated rate of a prepayment (НК РФ ст. 164 п. 4): `22/122` for 22 %, none without VAT.
    package var estimated: String? {
        guard let basisPoints else { return nil }
        return "\(basisPoints / 100)/\(100 + basisPoints / 100)"
    }
}
