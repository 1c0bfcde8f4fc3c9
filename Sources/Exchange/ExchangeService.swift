// The exchange facade: documents out in the formats others read (the ФНС's electronic UPD), bank
// statements in, 1C's data out. One method per use case, each in its own transaction or the
// caller's; the formats live in ElectronicUPD, BankStatement and their companions. Documents and
// payments are read and recorded through Billing's facade (payments to suppliers through
// Purchasing's), never by SQL on their tables.

import Billing
import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Purchasing
import Warehouse

/// What `/api/v1/documents/{id}/xml`, `/api/v1/bank/…` and `erp doc xml`, `erp bank …` call.
package struct ExchangeService: Sendable {
    package var time: TimeSource

    package init(time: TimeSource = .system) {
        self.time = time
    }

    var billing: BillingService { BillingService(time: time) }
    var purchasing: PurchasingService { PurchasingService(time: time) }

    /// The electronic UPD (format 5.03, windows-1251) of an issued UPD.
    /// - Throws: `ERPError.forbidden` without `readDocuments`; `.notFound`; `.invalidState` for
    ///   another type or an annulled document; `.validationFailed` for requisites the format needs.
    package func electronicUPD(_ id: DocumentID, by principal: Principal, in tx: Transaction) throws -> ElectronicDocument {
        try principal.require(.readDocuments)
        let document = try billing.document(id, by: principal, in: tx)
        return try ElectronicUPD.make(document, guid: try ExchangeGUIDs.guid(.updFile, document.id.rawValue, in: tx),
                                      formed: try CompanyCalendar.wallClock(of: document.issuedAt, in: tx))
    }

    /// `electronicUPD(_:by:in:)` in a transaction of its own.
    package func electronicUPD(_ id: DocumentID, by principal: Principal, on connection: Connection) throws(ERPError) -> ElectronicDocument {
        try connection.serviceTransaction { tx in try electronicUPD(id, by: principal, in: tx) }
    }

    /// The electronic UPD of the document with this number (`УПД-2026-000001`) or id.
    package func electronicUPD(reference: String, by principal: Principal, on connection: Connection) throws(ERPError) -> ElectronicDocument {
        try connection.serviceTransaction { tx in
            try principal.require(.readDocuments)
            return try electronicUPD(try billing.document(reference: reference, by: principal, in: tx).id, by: principal, in: tx)
        }
    }

    /// Imports a bank statement file (`1CClientBankExchange`): each line once, client payments
    /// recorded (money in) and payments to suppliers (money out), the rest queued; all or nothing, audited.
    /// - Throws: `ERPError.forbidden` without `recordPayments`; `.validationFailed` on `file` for
    ///   an unreadable statement or an encoding that cannot be told; Billing's and Purchasing's errors.
    package func importStatement(_ bytes: [UInt8], by principal: Principal, in tx: Transaction) throws -> StatementImport {
        try principal.require(.recordPayments)
        let (text, encoding) = try StatementEncoding.decode(bytes)
        let statement = try BankStatement.parse(text, encoding: encoding)
        return try StatementImporting.run(statement, billing: billing, purchasing: purchasing, by: principal, at: time.now, in: tx)
    }

    /// `importStatement(_:by:in:)` in a transaction of its own; with `dryRun` the same import
    /// runs and is rolled back, so the preview shows exactly what applying would do.
    package func importStatement(_ bytes: [UInt8], dryRun: Bool, by principal: Principal,
                                 on connection: Connection) throws(ERPError) -> StatementImport {
        guard dryRun else { return try connection.serviceTransaction { tx in try importStatement(bytes, by: principal, in: tx) } }
        do {
            _ = try connection.transaction { tx throws -> Never in
                var preview = try importStatement(bytes, by: principal, in: tx)
                preview.applied = false
                throw PreviewRollback(result: preview)
            }
        } catch let rollback as PreviewRollback {
            return rollback.result
        } catch {
            throw ServiceFailure.translate(error)
        }
    }

    /// The statement lines waiting for a client or a supplier (with `dismissed`: those the
    /// accountant dismissed), oldest first.
    package func statementQueue(dismissed: Bool = false, by principal: Principal, on connection: Connection) throws(ERPError) -> [StatementLine] {
        try connection.serviceTransaction { tx in try StatementQueue.list(dismissed: dismissed, by: principal, in: tx) }
    }

    /// Resolves a queued line by recording the chosen client's payment (money in) or the payment
    /// to the chosen supplier (money out).
    package func resolve(_ line: StatementLineID, _ resolution: StatementResolution, by principal: Principal,
                         in tx: Transaction) throws -> StatementLine {
        try StatementQueue.resolve(line, resolution, billing: billing, purchasing: purchasing, by: principal, at: time.now, in: tx)
    }

    /// `resolve(_:_:by:in:)` in a transaction of its own.
    package func resolve(_ line: StatementLineID, _ resolution: StatementResolution, by principal: Principal,
                         on connection: Connection) throws(ERPError) -> StatementLine {
        try connection.serviceTransaction { tx in try resolve(line, resolution, by: principal, in: tx) }
    }

    /// Takes a queued line off the queue with a reason (bank fee, tax, own transfer, other with a
    /// comment); no payment is recorded, and `reopen` undoes it.
    package func dismiss(_ line: StatementLineID, _ dismissal: StatementDismissal, by principal: Principal,
                         in tx: Transaction) throws -> StatementLine {
        try StatementQueue.dismiss(line, dismissal, by: principal, at: time.now, in: tx)
    }

    /// `dismiss(_:_:by:in:)` in a transaction of its own.
    package func dismiss(_ line: StatementLineID, _ dismissal: StatementDismissal, by principal: Principal,
                         on connection: Connection) throws(ERPError) -> StatementLine {
        try connection.serviceTransaction { tx in try dismiss(line, dismissal, by: principal, in: tx) }
    }

    /// Puts a dismissed line back in the queue.
    package func reopen(_ line: StatementLineID, by principal: Principal, in tx: Transaction) throws -> StatementLine {
        try StatementQueue.reopen(line, by: principal, in: tx)
    }

    /// `reopen(_:by:in:)` in a transaction of its own.
    package func reopen(_ line: StatementLineID, by principal: Principal, on connection: Connection) throws(ERPError) -> StatementLine {
        try connection.serviceTransaction { tx in try reopen(line, by: principal, in: tx) }
    }

    /// Our recorded payments to suppliers as payment orders for the bank client
    /// (`1CClientBankExchange`, windows-1251): a period's posted payments or the given ones, from
    /// the company's account; payments that came from a bank statement are done already and never
    /// exported again. Purchasing's payments and bills are read through its `in tx:` facade, in the
    /// caller's transaction; the export is audited.
    /// - Throws: `ERPError.forbidden` without `paySuppliers`; `.validationFailed` for a bad
    ///   selection, an id that is not a posted payment or came from a statement, nothing to export,
    ///   or requisites an order needs.
    package func paymentOrders(_ selection: PaymentOrderSelection, by principal: Principal, in tx: Transaction) throws -> [UInt8] {
        try principal.require(.paySuppliers)
        try selection.validate()
        var payments: [SupplierPayment] = []
        var cursor: String?
        repeat {
            let page = try purchasing.payments(limit: 500, cursor: cursor, by: principal, in: tx)
            payments += page.items.filter(selection.contains)
            cursor = page.nextCursor
        } while cursor != nil
        payments.sort { ($0.date, $0.number) < ($1.date, $1.number) }
        var bills: [SupplierBillID: SupplierBill] = [:]
        for supplier in Set(payments.map(\.supplierID)) {
            var cursor: String?
            repeat {
                let page = try purchasing.bills(supplier: supplier, limit: 500, cursor: cursor, by: principal, in: tx)
                for bill in page.items { bills[bill.id] = bill }
                cursor = page.nextCursor
            } while cursor != nil
        }
        let done = try StatementQueue.supplierPayments(payments.map(\.id), in: tx)
        var problems = FieldErrors()
        for (index, id) in selection.ids.enumerated() {
            if !payments.contains(where: { $0.id == id }) { problems.add("ids[\(index)]", "\(id) is not a posted payment to a supplier") }
            if done.contains(id) { problems.add("ids[\(index)]", "\(id) came from a bank statement: the bank has paid it already") }
        }
        try problems.throwIfAny()
        payments.removeAll { done.contains($0.id) }
        let suppliers = try Dictionary(Set(payments.map(\.supplierID)).map { ($0, try Parties.get($0, by: principal, in: tx)) },
                                       uniquingKeysWith: { first, _ in first })
        let company = try CompanySettings.current(in: tx)
        let orders = try SupplierPaymentOrders.orders(payments, company: company, suppliers: suppliers, bills: bills)
        let bytes = try PaymentOrderFile.make(orders, account: company.bank?.account ?? "",
                                              created: try CompanyCalendar.wallClock(of: time.now, in: tx))
        try Audit.record(in: tx, by: principal, action: "payment_orders.export", entityType: "supplier_payment", change: .object([
            "payments": .array(payments.map { .string($0.number) }),
        ]))
        return bytes
    }

    /// `paymentOrders(_:by:in:)` in a transaction of its own, at repeatable read: payments, bills
    /// and statement lines are read from one snapshot, so an order's purpose never names a bill
    /// state the payment list does not share.
    package func paymentOrders(_ selection: PaymentOrderSelection, by principal: Principal,
                               on connection: Connection) throws(ERPError) -> [UInt8] {
        try connection.serviceTransaction(isolation: .repeatableRead) { tx in try paymentOrders(selection, by: principal, in: tx) }
    }

    /// The issued UPDs, the receipts from suppliers and the returns both ways dated `from`…`to` as
    /// an EnterpriseData 1.21 message for 1C (UTF-8 with a BOM): counterparties, items, sales,
    /// purchases and returns with stable GUIDs; the export is audited.
    /// - Throws: `ERPError.forbidden` without `exportParties`, `readDocuments`, `readStockCosts`
    ///   (purchases are valued at cost) and `readPurchasing` (returns to suppliers);
    ///   `.validationFailed` for a period that ends before it starts.
    package func enterpriseData(from: CalendarDate, to: CalendarDate, by principal: Principal, in tx: Transaction) throws -> [UInt8] {
        try principal.require(.exportParties)
        try principal.require(.readDocuments)
        try principal.require(.readStockCosts)
        try principal.require(.readPurchasing)
        guard from <= to else { throw ERPError.validationFailed(fields: ["to": "must not be before from (\(from))"]) }
        let documents = try issued(.upd, from: from, to: to, by: principal, in: tx)
        let purchases = try purchases(from: from, to: to, by: principal, in: tx)
        let company = try CompanySettings.current(in: tx)
        var returns = EnterpriseData.Returns(vatPayer: company.vatPayer)
        let returnUKDs = try issued(.correction, from: from, to: to, by: principal, in: tx).filter { !$0.returnIDs.isEmpty }
        returns.fromClients = try (issued(.creditNote, from: from, to: to, by: principal, in: tx) + returnUKDs).map { creditNote in
            SalesReturnDocument(creditNote: creditNote, sale: try correctedSale(of: creditNote, by: principal, in: tx))
        }
        returns.toSuppliers = try supplierReturns(from: from, to: to, by: principal, in: tx)
        var skus: [String] = documents.flatMap { $0.content.lines.map(\.sku) }
        skus += returns.fromClients.flatMap { $0.returned.map(\.line.sku) }
        skus += purchases.flatMap { $0.receipt.lines.map(\.sku) }
        skus += returns.toSuppliers.flatMap { $0.receivedLines.map(\.sku) }
        let products = try Self.products(bySKU: Set(skus), in: tx)
        let references = EnterpriseData.References(
            party: { try ExchangeGUIDs.guid(.party, $0, in: tx) },
            item: { sku in try products[sku].map { try ExchangeGUIDs.guid(.product, $0.rawValue, in: tx) } },
            sale: { try ExchangeGUIDs.guid(.sale, $0, in: tx) },
            purchase: { try ExchangeGUIDs.guid(.purchase, $0, in: tx) },
            vatInvoice: { try ExchangeGUIDs.guid(.vatInvoice, $0, in: tx) },
            salesReturn: { try ExchangeGUIDs.returnGUID(reversing: .sale, $0, in: tx) },
            supplierReturn: { try ExchangeGUIDs.returnGUID(reversing: .purchase, $0, in: tx) })
        let message = try EnterpriseData.message(documents, purchases: purchases, returns: returns,
                                                 company: PartyRequisites(name: company.name, inn: company.inn, kpp: company.kpp),
                                                 references: references, created: try CompanyCalendar.wallClock(of: time.now, in: tx))
        try Audit.record(in: tx, by: principal, action: "enterprisedata.export", entityType: "closing_document", change: .object([
            "from": .string(from.description), "to": .string(to.description), "documents": .number(String(documents.count)),
            "purchases": .number(String(purchases.count)), "sales_returns": .number(String(returns.fromClients.count)),
            "supplier_returns": .number(String(returns.toSuppliers.count)),
        ]))
        return message.document(in: nil, byteOrderMark: true)
    }

    /// The products the frozen lines' SKUs still name. Only a SKU counts: a SKU changed since could
    /// otherwise be taken for another product's barcode or id and lend the item its GUID.
    private static func products(bySKU skus: Set<String>, in tx: Transaction) throws -> [String: ProductID] {
        let resolved = try Products.resolve(Array(skus), in: tx)
        let facts = try Products.facts(of: Array(Set(resolved.values)), in: tx)
        return resolved.filter { sku, id in facts[id]?.sku.lowercased() == sku.lowercased() }
    }

    /// `enterpriseData(from:to:by:in:)` in a transaction of its own.
    package func enterpriseData(from: CalendarDate, to: CalendarDate, by principal: Principal,
                                on connection: Connection) throws(ERPError) -> [UInt8] {
        try connection.serviceTransaction { tx in try enterpriseData(from: from, to: to, by: principal, in: tx) }
    }
}

/// Carries a preview's result out of the transaction it rolls back.
private struct PreviewRollback: Error {
    var result: StatementImport
}
