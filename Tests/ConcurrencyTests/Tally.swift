// The randomized test's own account of what happened: what exists to act on next, and the
// effects of every operation the services acknowledged. Afterwards the database must show
// exactly these effects — every success has them, every refusal left nothing.

import Billing
import Catalog
import ERPCore
import Foundation
import Parties
import Purchasing
import Sales
import Warehouse

/// A product in a warehouse.
struct Place: Hashable, Sendable, CustomStringConvertible {
    var product: ProductID
    var warehouse: WarehouseID

    var description: String { "product \(product.rawValue) in warehouse \(warehouse.rawValue)" }
}

/// One line of an order the test created, as the test remembers it.
struct OrderFacts: Sendable {
    var client: PartyID
    var warehouse: WarehouseID
    var manager: Principal
    /// Goods lines only (services are never reserved or shipped).
    var goods: [ProductID: Int64]
}

/// What the tally believes of an order, for picking plausible targets.
enum OrderState {
    /// Neither confirmed nor cancelled.
    case draft
    /// Confirmed and not cancelled: holds stock, can be shipped and invoiced.
    case open
    /// Something was shipped: can take returns, UPDs and credit notes.
    case shipped
}

struct Tally: Sendable {
    // What exists, for the next operations to pick from.
    var orders: [SalesOrderID: OrderFacts] = [:]
    var orderIDs: [SalesOrderID] = []
    var stockDocuments: [(id: StockDocumentID, type: StockDocumentType)] = []
    var openCounts: [StockDocument] = []
    var documentIDs: [DocumentID] = []
    var paymentIDs: [PaymentID] = []
    /// Placed supplier orders: ordered quantity per product.
    var purchaseOrders: [PurchaseOrderID: [ProductID: Int64]] = [:]
    /// Posted receipts (plain or against an order), for returns to the supplier.
    var receipts: [StockDocument] = []

    // What the services acknowledged.
    var stockDelta: [Place: Int64] = [:]
    var confirmed: Set<SalesOrderID> = []
    var cancelled: Set<SalesOrderID> = []
    var shipped: [SalesOrderID: [ProductID: Int64]] = [:]
    var returned: [SalesOrderID: [ProductID: Int64]] = [:]
    var liveDocuments: [DocumentID: IssuedDocument] = [:]
    var livePayments: [PaymentID: Payment] = [:]
    var reversedPayments: Set<PaymentID> = []
    /// Acknowledged advance invoices and the payment each documents.
    var advanceInvoices: [AdvanceInvoiceID: PaymentID] = [:]
    var cancelledPurchases: Set<PurchaseOrderID> = []
    var receivedOnOrder: [PurchaseOrderID: [ProductID: Int64]] = [:]
    /// Payments made by importing bank statements: one per statement line.
    var statementPayments: Set<PaymentID> = []
    /// Payments to suppliers made by importing bank statements (money out): one per statement line.
    var statementSupplierPayments: [SupplierPaymentID: SupplierPayment] = [:]
    /// Statement lines dismissed less those reopened: how many the database holds dismissed.
    var dismissedLines = 0
    /// Every document number handed out by an acknowledged operation, by table.
    var numbers: [String: [String]] = [:]

    // How it went.
    var succeeded: [String: Int] = [:]
    var refused: [String: Int] = [:]
    var unexpected: [String] = []

    func order(_ id: SalesOrderID, is state: OrderState) -> Bool {
        switch state {
        case .draft: !confirmed.contains(id) && !cancelled.contains(id)
        case .open: confirmed.contains(id) && !cancelled.contains(id)
        case .shipped: shipped[id] != nil
        }
    }

    mutating func move(_ qty: Int64, of product: ProductID, in warehouse: WarehouseID) {
        stockDelta[Place(product: product, warehouse: warehouse), default: 0] += qty
    }

    /// The moves a posted stock document made (negated for its cancellation).
    mutating func apply(_ document: StockDocument, sign: Int64 = 1) {
        for line in document.lines {
            switch document.type {
            case .receipt:
                move(sign * (line.qty?.thousandths ?? 0), of: line.productID, in: document.warehouseID)
            case .writeOff:
                move(-sign * (line.qty?.thousandths ?? 0), of: line.productID, in: document.warehouseID)
            case .transfer:
                move(-sign * (line.qty?.thousandths ?? 0), of: line.productID, in: document.warehouseID)
                if let to = document.toWarehouseID { move(sign * (line.qty?.thousandths ?? 0), of: line.productID, in: to) }
            case .stockCount:
                move(sign * (line.difference?.thousandths ?? 0), of: line.productID, in: document.warehouseID)
            }
        }
    }

    /// A closing document issued (a correction too): live until annulled, its number taken.
    mutating func recordIssued(_ document: IssuedDocument) {
        liveDocuments[document.id] = document
        documentIDs.append(document.id)
        number(document.number, in: "closing_documents")
    }

    /// A client's payment recorded: live until reversed, its number taken.
    mutating func recordPayment(_ payment: Payment) {
        livePayments[payment.id] = payment
        paymentIDs.append(payment.id)
        number(payment.number, in: "payments")
    }

    /// A client's payment recorded from a statement line, by an import or a resolution.
    mutating func recordStatementPayment(_ payment: Payment) {
        recordPayment(payment)
        statementPayments.insert(payment.id)
    }

    mutating func number(_ number: String?, in table: String) {
        if let number { numbers[table, default: []].append(number) }
    }
}
