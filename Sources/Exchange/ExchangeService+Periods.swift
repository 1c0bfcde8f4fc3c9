// What the 1C export reads of a period, through the other modules' facades inside its own
// transaction: Billing's issued documents (UPDs, credit notes), the Warehouse's posted receipts
// from suppliers and Purchasing's returns to suppliers, each with the facts 1C needs beside it.

import Billing
import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Purchasing
import Warehouse

extension ExchangeService {
    /// The issued (not annulled) documents of `type` dated `from`…`to`, by date and number.
    func issued(_ type: DocumentType, from: CalendarDate, to: CalendarDate, by principal: Principal,
                in tx: Transaction) throws -> [IssuedDocument] {
        var documents: [IssuedDocument] = []
        var cursor: String?
        repeat {
            let page = try billing.documents(DocumentFilter(type: type, status: .issued, limit: 500, cursor: cursor), by: principal, in: tx)
            documents += page.items.filter { $0.date >= from && $0.date <= to }
            cursor = page.nextCursor
        } while cursor != nil
        return documents.sorted { ($0.date, $0.number) < ($1.date, $1.number) }
    }

    /// The UPD a credit note corrects, found by its number among the order's documents (nil when
    /// the note names none or Billing no longer has it).
    func correctedSale(of creditNote: IssuedDocument, by principal: Principal, in tx: Transaction) throws -> IssuedDocument? {
        guard let corrected = creditNote.content.correctedDocument else { return nil }
        let page = try billing.documents(DocumentFilter(orderID: creditNote.orderID, type: .upd, limit: 500), by: principal, in: tx)
        return page.items.first { $0.number == corrected.number }
    }

    /// The posted receipts from suppliers whose posting day (in the company's time zone) is in
    /// `from`…`to`, oldest first, with their lines, suppliers and the products' VAT rates.
    func purchases(from: CalendarDate, to: CalendarDate, by principal: Principal, in tx: Transaction) throws -> [Purchase] {
        let warehouse = WarehouseService(time: time)
        var purchases: [Purchase] = []
        var cursor: String?
        repeat {
            let page = try warehouse.documents(StockDocumentFilter(type: .receipt, limit: 500, cursor: cursor), by: principal, in: tx)
            for header in page.items where header.status == .posted && header.supplierID != nil {
                guard let posted = header.postedAt else { continue }
                let day = try CompanyCalendar.day(of: posted, in: tx)
                guard day >= from && day <= to else { continue }
                if let purchase = try purchase(of: header.id, by: principal, in: tx) { purchases.append(purchase) }
            }
            cursor = page.nextCursor
        } while cursor != nil
        return purchases.sorted { ($0.date, $0.receipt.id.rawValue) < ($1.date, $1.receipt.id.rawValue) }
    }

    /// The returns to suppliers made on the company's days `from`…`to`, oldest first, each with
    /// the receipt it took goods from (a return whose receipt has no supplier is left out).
    func supplierReturns(from: CalendarDate, to: CalendarDate, by principal: Principal,
                         in tx: Transaction) throws -> [SupplierReturnDocument] {
        try purchasing.supplierReturns(from: from, to: to, by: principal, in: tx).compactMap { sent in
            guard let purchase = try purchase(of: sent.receiptID, by: principal, in: tx) else { return nil }
            return SupplierReturnDocument(sent: sent, date: try CompanyCalendar.day(of: sent.createdAt, in: tx), purchase: purchase)
        }
    }

    /// The posted receipt `id` from a supplier as a purchase: its posting day, the supplier and
    /// the VAT rate of each product's category in force on that day (nil for a receipt not posted
    /// or without a supplier).
    private func purchase(of id: StockDocumentID, by principal: Principal, in tx: Transaction) throws -> Purchase? {
        let receipt = try WarehouseService(time: time).document(id, type: .receipt, by: principal, in: tx)
        guard receipt.status == .posted, let posted = receipt.postedAt, let supplierID = receipt.supplierID else { return nil }
        let day = try CompanyCalendar.day(of: posted, in: tx)
        let supplier = try Parties.get(supplierID, by: principal, in: tx)
        let products = Array(try Products.facts(of: receipt.lines.map(\.productID), in: tx).values)
        let rates = try VATRate.inForce(products.map(\.vatRate), on: day, in: tx)
        return Purchase(receipt: receipt, date: day, supplierID: supplierID,
                        supplier: PartyRequisites(name: supplier.name, inn: supplier.inn, kpp: supplier.kpp),
                        rates: Dictionary(uniqueKeysWithValues: zip(products.map(\.id), rates)))
    }
}
