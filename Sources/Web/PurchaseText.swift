// The purchaser's words (supplier orders, receipts against them, returns to suppliers, reorder
// suggestions) and the accountant's side of purchasing (supplier bills, payments to suppliers,
// payables), kept apart from the other catalogs so each group of pages owns its texts.
// `Message.purchase(_:)` carries them; both languages are exhaustive switches.

import Purchasing

/// A text of the purchasing pages; `Message.purchase(_:)` puts it into the catalog.
package enum PurchaseText: Sendable, Equatable {
    // Menu and lists.
    case orders, suggestions, bills, payments, payables, allSuppliers
    case emptyOrders, emptyOrderFilter, emptySuggestions, emptyBills, emptyPayments, emptyPayables, emptyCardList
    // Supplier orders.
    case order, newOrder, expectedDate, net, received, remaining, place, receive, closedOrder, back
    case lastPrice, priceHint, priceWithoutVAT, recalculate, vatRate, withoutVAT
    case orderStatus(PurchaseOrderStatus)
    // Receiving and returns.
    case receiveAgainst, receivingNow, allowOverReceipt, overReceiptRefused
    /// A line a refused receipt names: "ABC-1: принимаете 12 шт., ожидается 10 шт.".
    case beyondOrder(sku: String, requested: String, remaining: String)
    case supplierReturn, returning, sendBack, returnReason(SupplierReturnReason), receipts, returns
    // Suggestions.
    case toOrder, available, incoming, minimum, target, packSize, noPreferredSupplier, createOrders, chooseLines, coverDays
    // Bills, payments, payables, the supplier's card.
    case bill, newBill, billNumber, billDate, amount, vatAmount, paid, open, forReceipts
    case payment, newPayment, allocation, oldestFirst, reverse, posted, reversed, owed, overdue, balance, supplierCard
    // Success banners.
    case noticePlaced, noticeReceived, noticeReturned, noticeOrdersCreated, noticeBillRecorded, noticePaid

    /// The success banner a redirect of these pages names (`?notice=placed`), or nil.
    static func notice(_ name: String) -> PurchaseText? {
        switch name {
        case "placed": .noticePlaced
        case "received": .noticeReceived
        case "returned": .noticeReturned
        case "ordered": .noticeOrdersCreated
        case "billed": .noticeBillRecorded
        case "paid": .noticePaid
        default: nil
        }
    }
}

extension PageContext {
    /// A purchasing text in the request's language.
    func purchase(_ text: PurchaseText) -> String { self.text(.purchase(text)) }
}
