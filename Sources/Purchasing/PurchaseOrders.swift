// Creating and changing draft supplier orders, reading one and listing them. A supplier order is
// seen by those holding `readPurchasing` (storekeepers with a scope: its warehouse in the scope);
// prices only by those holding `readPurchasePrices`.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

enum PurchaseOrders {
    /// Creates a draft: numbered now (gapless per year; drafts are cancelled, never deleted).
    /// - Throws: `ERPError.forbidden`, `.notFound` (a supplier or warehouse not visible),
    ///   `.validationFailed` (every bad field); `PostgresError`.
    static func create(_ command: NewPurchaseOrder, by principal: Principal, at now: Date, in tx: Transaction) throws -> PurchaseOrder {
        try principal.require(.editPurchasing)
        var problems = FieldErrors()
        try checkSupplier(command.supplierID, by: principal, problems: &problems, in: tx)
        try checkWarehouse(command.warehouseID, by: principal, problems: &problems, in: tx)
        let comment = checkedComment(command.comment, problems: &problems)
        let day = try CompanyCalendar.day(of: now, in: tx)
        let lines = try PurchasePricing.price(command.lines, from: command.supplierID, on: day, problems: &problems, in: tx)
        try problems.throwIfAny()

        // Numbered in the INSERT (no trip for the counter; its row locked from here to COMMIT).
        let number = DocumentNumbers.taking(prefix: "PO", series: "purchase_order", year: day.year)
        let id = try tx.query("""
            INSERT INTO purchase_orders (number, status, supplier_id, warehouse_id, expected_date, comment,
                                         net_minor, vat_minor, gross_minor, created_at, created_by_login)
            VALUES (
            """ + number + """
            , 'draft', \(command.supplierID), \(command.warehouseID), \(command.expectedDate?.description)::date,
                    \(comment), 0, 0, 0, \(now), \(principal.login))
            RETURNING id
            """).single().decode(0, as: PurchaseOrderID.self)
        try PurchasePricing.store(lines, in: id, in: tx)
        let order = try fetch(id, in: tx)
        try audit("create", order, by: principal, in: tx)
        return order.visible(to: principal)
    }

    /// Changes a draft at its version; given lines replace all lines.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.invalidState` (not a draft),
    ///   `.versionConflict`, `.validationFailed`; `PostgresError`.
    static func update(_ id: PurchaseOrderID, with changes: PurchaseOrderChanges, by principal: Principal,
                       in tx: Transaction) throws -> PurchaseOrder {
        try principal.require(.editPurchasing)
        let order = try get(id, by: principal, lock: true, in: tx)
        try PurchaseLifecycle.require(.edit, order)
        guard order.version == changes.version else { throw ERPError.versionConflict(current: order.version) }
        var problems = FieldErrors()
        let supplier = changes.supplierID ?? order.supplierID
        if let supplierID = changes.supplierID { try checkSupplier(supplierID, by: principal, problems: &problems, in: tx) }
        if let warehouse = changes.warehouseID { try checkWarehouse(warehouse, by: principal, problems: &problems, in: tx) }
        let comment = changes.comment.map { checkedComment($0, problems: &problems) } ?? order.comment
        let day = try CompanyCalendar.day(of: order.createdAt, in: tx)
        let lines = try changes.lines.map { try PurchasePricing.price($0, from: supplier, on: day, problems: &problems, in: tx) }
        try problems.throwIfAny()
        try tx.query("""
            UPDATE purchase_orders SET supplier_id = \(supplier), warehouse_id = \(changes.warehouseID ?? order.warehouseID),
                   expected_date = \((changes.expectedDate ?? order.expectedDate)?.description)::date, comment = \(comment),
                   version = version + 1
            WHERE id = \(id) AND status = 'draft'
            """)
        if let lines { try PurchasePricing.store(lines, in: id, in: tx) }
        let updated = try fetch(id, in: tx)
        try audit("update", updated, by: principal, in: tx)
        return updated.visible(to: principal)
    }

    /// The order `id` as stored, when `principal` may see it (not trimmed of prices: callers do).
    /// - Throws: `ERPError.forbidden` without `readPurchasing`, `.notFound`; `PostgresError`.
    static func get(_ id: PurchaseOrderID, by principal: Principal, lock: Bool = false, in tx: Transaction) throws -> PurchaseOrder {
        try principal.require(.readPurchasing)
        guard let order = try PurchaseOrder.read(id, lock: lock, in: tx), principal.sees(order.warehouseID) else {
            throw ERPError.notFound(entity: "purchase order", id: String(id.rawValue))
        }
        return order
    }

    /// The order with this number (`PO-2026-000001`) or id, as `principal` may see it.
    /// - Throws: as `get`.
    static func get(reference: String, by principal: Principal, in tx: Transaction) throws -> PurchaseOrder {
        let byNumber = try tx.query("SELECT id FROM purchase_orders WHERE upper(number) = upper(\(reference))").firstRow
        guard let id = try byNumber?.decode(0, as: PurchaseOrderID.self) ?? (try? PurchaseOrderID(parsing: reference)) else {
            throw ERPError.notFound(entity: "purchase order", id: reference)
        }
        return try get(id, by: principal, in: tx).visible(to: principal)
    }

    /// One page of the orders matching `filter`, newest first, as summaries (`get` has the lines).
    /// - Throws: `ERPError.forbidden`, `.validationFailed` (limit, cursor); `PostgresError`.
    static func list(_ filter: PurchaseOrderFilter, by principal: Principal, in tx: Transaction) throws -> Page<PurchaseOrderSummary> {
        try principal.require(.readPurchasing)
        let before = try PageRequest.validate(limit: filter.limit, cursor: filter.cursor) ?? Int64.max
        let scope = principal.warehouseScope.map { Array($0) }
        let rows = try tx.query("""
            SELECT id FROM purchase_orders
            WHERE id < \(before)
              AND (\(scope)::bigint[] IS NULL OR warehouse_id = ANY(\(scope)))
              AND (\(filter.status?.rawValue)::text IS NULL OR status = \(filter.status?.rawValue))
              AND (\(filter.supplierID)::bigint IS NULL OR supplier_id = \(filter.supplierID))
              AND (\(filter.warehouseID)::bigint IS NULL OR warehouse_id = \(filter.warehouseID))
            ORDER BY id DESC LIMIT \(Int64(filter.limit) + 1)
            """)
        let ids = try rows.prefix(filter.limit).map { (row) throws(PostgresError) in try row.decode(0, as: PurchaseOrderID.self) }
        let orders = try PurchaseOrderSummary.read(ids, by: principal, in: tx)
        return Page(items: orders, nextCursor: rows.count > filter.limit ? ids.last.map { String($0.rawValue) } : nil)
    }

    /// The order as stored (no visibility check: the caller has done it).
    static func fetch(_ id: PurchaseOrderID, in tx: Transaction) throws -> PurchaseOrder {
        guard let order = try PurchaseOrder.read(id, in: tx) else { throw ERPError.notFound(entity: "purchase order", id: String(id.rawValue)) }
        return order
    }

    /// Records `purchase_order.action` with the order's number, status and total.
    static func audit(_ action: String, _ order: PurchaseOrder, extra: [String: JSONValue] = [:], by principal: Principal,
                      in tx: Transaction) throws {
        let change: [String: JSONValue] = [
            "number": .string(order.number), "status": .string(order.status.rawValue),
            "supplier_id": .number(order.supplierID.rawValue), "total": .string(order.totals?.gross.description ?? ""),
        ]
        try Audit.record(in: tx, by: principal, action: "purchase_order.\(action)", entityType: "purchase_order", entityID: order.id,
                         change: .object(change.merging(extra) { _, new in new }))
    }

    private static func checkSupplier(_ id: PartyID, by principal: Principal, problems: inout FieldErrors, in tx: Transaction) throws {
        let supplier = try Parties.get(id, by: principal, in: tx)
        if !supplier.isSupplier { problems.add("supplier_id", "\(supplier.name) is not marked as a supplier") }
        if supplier.archived { problems.add("supplier_id", "\(supplier.name) is archived") }
    }

    private static func checkWarehouse(_ id: WarehouseID, by principal: Principal, problems: inout FieldErrors, in tx: Transaction) throws {
        let warehouse = try Warehouses.get(String(id.rawValue), by: principal, in: tx)
        if !warehouse.active { problems.add("warehouse_id", "warehouse \(warehouse.code) is inactive") }
    }

    private static func checkedComment(_ text: String?, problems: inout FieldErrors) -> String? {
        let comment = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let comment, comment.count > 2000 { problems.add("comment", "must be at most 2000 characters") }
        return comment?.isEmpty == true ? nil : comment
    }
}
