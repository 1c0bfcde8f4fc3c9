// Payment orders from the payments to suppliers we recorded: each posted payment becomes one
// order from the company's account to the supplier's, numbered by the payment's sequence, its
// purpose naming the bills it settles with their VAT (as the bank requires: the sum of VAT or its
// absence). A payment recorded from a bank statement line is already done by the bank, so it never
// becomes an order again: a period leaves it out, an explicit id is refused.

import ERPCore
import Foundation
import Parties
import Purchasing

/// `GET /api/v1/bank/payment-orders`: which payments to suppliers become orders — a period of
/// payment dates, or the payments' ids.
package struct PaymentOrderSelection: Codable, Sendable, Equatable {
    package var from: CalendarDate?
    package var to: CalendarDate?
    package var ids: [SupplierPaymentID]

    package init(from: CalendarDate? = nil, to: CalendarDate? = nil, ids: [SupplierPaymentID] = []) {
        self.from = from
        self.to = to
        self.ids = ids
    }

    /// `3,7`: the ids a door was given.
    /// - Throws: `ERPError.validationFailed` on `ids` for anything else.
    package static func ids(parsing text: String) throws(ERPError) -> [SupplierPaymentID] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let ids = parts.compactMap { try? SupplierPaymentID(parsing: $0) }
        guard ids.count == parts.count else { throw .validationFailed(fields: ["ids": "expected payment ids separated by commas, like 3,7"]) }
        return ids
    }

    /// A period (both ends, in order) or ids, not both and not neither.
    /// - Throws: `ERPError.validationFailed` naming `from`, `to` or `ids`.
    func validate() throws(ERPError) {
        var problems = FieldErrors()
        if ids.isEmpty {
            if from == nil { problems.add("from", "required without ids: a date like 2026-12-01") }
            if to == nil { problems.add("to", "required without ids: a date like 2026-12-01") }
            if let from, let to, to < from { problems.add("to", "must not be before from (\(from))") }
        } else if from != nil || to != nil {
            problems.add("ids", "give either ids or a period, not both")
        }
        try problems.throwIfAny()
    }

    /// Whether `payment` is selected (posted, and by id or date).
    func contains(_ payment: SupplierPayment) -> Bool {
        guard payment.status == "posted" else { return false }
        if !ids.isEmpty { return ids.contains(payment.id) }
        guard let from, let to else { return false }
        return payment.date >= from && payment.date <= to
    }
}

enum SupplierPaymentOrders {
    /// The order for each of `payments`, from `company` to each supplier in `suppliers`.
    /// - Throws: `ERPError.validationFailed` for requisites an order needs (our account, the
    ///   supplier's INN and bank details), named by payment.
    static func orders(_ payments: [SupplierPayment], company: CompanySettings, suppliers: [PartyID: Party],
                       bills: [SupplierBillID: SupplierBill]) throws(ERPError) -> [PaymentOrder] {
        var problems = FieldErrors()
        let payer = side(name: company.name, inn: company.inn, kpp: company.kpp, bank: company.bank)
        if payer == nil { problems.add("company", "the company needs its INN, bank account, bank name and BIC for payment orders") }
        var orders: [PaymentOrder] = []
        for payment in payments {
            let supplier = suppliers[payment.supplierID]
            guard let payee = supplier.flatMap({ side(name: $0.name, inn: $0.inn, kpp: $0.kpp, bank: $0.bank) }) else {
                problems.add("payments[\(payment.number)]", "\(supplier?.name ?? "the supplier") needs an INN, a bank account, bank name and BIC")
                continue
            }
            guard let payer else { continue }
            orders.append(PaymentOrder(number: sequence(of: payment.number), date: payment.date, amount: payment.amount, payer: payer,
                                       payee: payee, purpose: purpose(of: payment, bills: bills)))
        }
        try problems.throwIfAny()
        return orders
    }

    /// The order's side, when the requisites a bank needs are all there.
    private static func side(name: String, inn: String?, kpp: String?, bank: BankDetails?) -> PaymentOrderParty? {
        guard let inn, let account = bank?.account, let bankName = bank?.name, let bic = bank?.bic else { return nil }
        return PaymentOrderParty(name: name, inn: inn, kpp: kpp, account: account, bankName: bankName, bic: bic, corrAccount: bank?.corrAccount)
    }

    /// `OUT-2026-000012` → `12`: banks take a number of up to six digits.
    static func sequence(of number: String) -> String {
        let digits = number.split(separator: "-").last.map(String.init) ?? number
        return Int(digits).map(String.init) ?? String(digits.suffix(6))
    }

    /// The accountant's note when she wrote one; else the bills settled with their VAT
    /// ("Оплата по счёту № С-1 от 20.11.2026, в т.ч. НДС - 180.33", the VAT pro rata of
    /// what is paid of each bill), or an advance.
    static func purpose(of payment: SupplierPayment, bills: [SupplierBillID: SupplierBill]) -> String {
        if let note = payment.note, !note.isEmpty { return note }
        let settled = payment.allocations.compactMap { allocation in bills[allocation.billID].map { ($0, allocation.amount) } }
        guard !settled.isEmpty else { return "Предварительная оплата по договору поставки, НДС не облагается" }
        let named = settled.map { "№ \($0.0.number) от \($0.0.date.dotted)" }.joined(separator: ", ")
        let vat = settled.reduce(Int64(0)) { sum, part in
            sum + proRata(part.0.vat.minorUnits, part.1.minorUnits, of: part.0.amount.minorUnits)
        }
        let tax = vat > 0 ? "в т.ч. НДС - \(Money(minorUnits: vat))" : "НДС не облагается"
        return "Оплата по \(settled.count == 1 ? "счёту" : "счетам") \(named), \(tax)"
    }

    /// `value × part / whole`, rounded half up, without overflow (amounts can be 10^12 kopecks).
    private static func proRata(_ value: Int64, _ part: Int64, of whole: Int64) -> Int64 {
        guard whole > 0 else { return 0 }
        let product = value.multipliedFullWidth(by: part)
        let (quotient, remainder) = whole.dividingFullWidth(product)
        return remainder * 2 >= whole ? quotient + 1 : quotient
    }
}
