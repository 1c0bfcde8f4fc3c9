// Reorder suggestions: what a warehouse should order, by supplier, and turning chosen lines into
// draft supplier orders (one per supplier) in one transaction. Sales are read through the read
// model Sales publishes (`sales_shipped_quantities_view`), stock through the Warehouse's
// (`warehouse_levels_view`), products through the Catalog's (`catalog_reorder_view`), all in one
// query that returns only the products below their minimum: Purchasing reads none of their tables.

import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Warehouse

/// A chosen line of `POST /api/v1/purchasing/suggestions/orders`.
package struct SuggestedOrderLine: Codable, Sendable, Equatable {
    package var productID: ProductID
    /// Default: the suggested quantity.
    package var qty: Quantity?
    /// Default: the product's preferred supplier.
    package var supplierID: PartyID?
    /// Without VAT. Default: the supplier's latest receipt price.
    package var price: Money?

    package init(productID: ProductID, qty: Quantity? = nil, supplierID: PartyID? = nil, price: Money? = nil) {
        self.productID = productID
        self.qty = qty
        self.supplierID = supplierID
        self.price = price
    }
}

/// `POST /api/v1/purchasing/suggestions/orders`: the lines to order for a warehouse.
package struct SuggestedOrders: Codable, Sendable, Equatable {
    package var warehouseID: WarehouseID
    package var expectedDate: CalendarDate?
    package var lines: [SuggestedOrderLine]

    package init(warehouseID: WarehouseID, expectedDate: CalendarDate? = nil, lines: [SuggestedOrderLine]) {
        self.warehouseID = warehouseID
        self.expectedDate = expectedDate
        self.lines = lines
    }
}

/// What `POST /api/v1/purchasing/suggestions/orders` answers: the drafts created, by supplier id.
package struct SuggestedOrdersResult: Codable, Sendable, Equatable {
    package var orders: [PurchaseOrder]

    package init(orders: [PurchaseOrder]) {
        self.orders = orders
    }
}

enum Suggestions {
    /// The days of cover a target without `max_stock` may ask for.
    static let coverDays = 1...365

    /// What `warehouse` should order now, grouped by preferred supplier.
    /// - Throws: `ERPError.forbidden` without `readPurchasing`; `.notFound` (a warehouse outside
    ///   the scope); `.validationFailed` (`cover_days` out of range); `PostgresError`.
    static func list(warehouse: WarehouseID, coverDays: Int, by principal: Principal, at now: Date,
                     in tx: Transaction) throws -> ReorderSuggestions {
        try principal.require(.readPurchasing)
        guard Self.coverDays.contains(coverDays) else {
            throw ERPError.validationFailed(fields: ["cover_days": "must be between 1 and 365"])
        }
        _ = try Warehouses.get(String(warehouse.rawValue), by: principal, in: tx)
        let since = now.addingTimeInterval(-Double(ReorderSuggestions.salesDays) * 86_400)
        var lines: [(supplier: PartyID?, name: String?, line: ReorderSuggestion)] = []
        for row in try tx.query(candidates(warehouse: warehouse, soldSince: since, until: now)) {
            lines.append((try row.decode(11, as: PartyID?.self), try row.decode(12, as: String?.self),
                          try ReorderSuggestion(row, coverDays: coverDays)))
        }
        let bySupplier = Dictionary(grouping: lines, by: \.supplier)
        let suppliers = bySupplier.keys.sorted { ($0?.rawValue ?? .max) < ($1?.rawValue ?? .max) }.map { supplier in
            let group = bySupplier[supplier] ?? []
            return SupplierSuggestions(supplierID: supplier, supplierName: group.first?.name,
                                       lines: group.map(\.line).sorted { $0.sku < $1.sku })
        }
        return ReorderSuggestions(warehouseID: warehouse, coverDays: coverDays, suppliers: suppliers)
    }

    /// The products below their minimum at `warehouse`, in one query over the modules' read models:
    /// the Catalog's reorder fields (columns 0–7), available, incoming and sold in the window
    /// (8–10), the preferred supplier and its name (11–12).
    private static func candidates(warehouse: WarehouseID, soldSince since: Date, until now: Date) -> PostgresQuery {
        let products: PostgresQuery = """
            SELECT p.id, p.sku, p.name, p.unit, p.fractions_allowed, p.min_stock, p.max_stock, p.pack_size,
                   COALESCE(l.on_hand - l.reserved, 0), COALESCE(i.qty, 0), COALESCE(s.qty, 0), p.preferred_supplier_id, n.name
            FROM catalog_reorder_view p
            LEFT JOIN warehouse_levels_view l ON l.product_id = p.id AND l.warehouse_id = \(warehouse)
            LEFT JOIN (SELECT product_id, sum(qty)::bigint AS qty FROM sales_shipped_quantities_view
                       WHERE warehouse_id = \(warehouse) AND shipped_at > \(since) AND shipped_at <= \(now)
                       GROUP BY product_id) s ON s.product_id = p.id
            LEFT JOIN parties_names_view n ON n.id = p.preferred_supplier_id
            LEFT JOIN (
            """
        return products + Incoming.open + """
            ) i ON i.product_id = p.id AND i.warehouse_id = \(warehouse)
            WHERE COALESCE(l.on_hand - l.reserved, 0) + COALESCE(i.qty, 0) < p.min_stock
            """
    }

    /// Creates one draft supplier order per supplier from the chosen lines, all or nothing.
    /// - Throws: `ERPError.forbidden` without `editPurchasing`; `.notFound` (the warehouse);
    ///   `.validationFailed` naming each bad line as sent (`lines[i].…`); `PostgresError`.
    static func order(_ command: SuggestedOrders, coverDays: Int, by principal: Principal, at now: Date,
                      in tx: Transaction) throws -> [PurchaseOrder] {
        try principal.require(.editPurchasing)
        var problems = FieldErrors()
        if command.lines.isEmpty { problems.add("lines", "choose at least one line") }
        let suggested = try list(warehouse: command.warehouseID, coverDays: coverDays, by: principal, at: now, in: tx)
        let current = Dictionary(suggested.suppliers.flatMap { group in group.lines.map { ($0.productID, (group.supplierID, $0.qty)) } },
                                 uniquingKeysWith: { first, _ in first })
        let preferred = try Products.facts(of: command.lines.map(\.productID), in: tx)
        var groups: [PartyID: [(index: Int, line: NewPurchaseOrderLine)]] = [:]
        for (index, line) in command.lines.enumerated() {
            if command.lines[..<index].contains(where: { $0.productID == line.productID }) {
                problems.add("lines[\(index)].product_id", "is listed twice")
                continue
            }
            let supplier = line.supplierID ?? preferred[line.productID]?.reorder.preferredSupplierID.map { PartyID(rawValue: $0.rawValue) }
            guard let supplier else {
                problems.add("lines[\(index)].supplier_id", "is required: the product has no preferred supplier")
                continue
            }
            guard let qty = line.qty ?? current[line.productID]?.1 else {
                problems.add("lines[\(index)].qty", "is required: nothing is suggested for this product now")
                continue
            }
            groups[supplier, default: []].append((index, NewPurchaseOrderLine(productID: line.productID, qty: qty, price: line.price)))
        }
        try problems.throwIfAny()
        return try groups.keys.sorted().map { supplier in
            let chosen = groups[supplier] ?? []
            let draft = NewPurchaseOrder(supplierID: supplier, warehouseID: command.warehouseID, expectedDate: command.expectedDate,
                                         comment: "Reorder suggestion", lines: chosen.map(\.line))
            do {
                return try PurchaseOrders.create(draft, by: principal, at: now, in: tx)
            } catch ERPError.validationFailed(let fields) {
                throw ERPError.validationFailed(fields: renumbered(fields, as: chosen.map(\.index), supplier: supplier))
            }
        }
    }

    /// An order's field errors named as the request sent them: its `lines[k]` become the chosen
    /// line's `lines[i]`; an error on the order itself names the supplier's lines.
    static func renumbered(_ fields: [String: String], as indexes: [Int], supplier: PartyID) -> [String: String] {
        var renamed: [String: String] = [:]
        for (field, message) in fields {
            if field.hasPrefix("lines["), let close = field.firstIndex(of: "]"),
               let k = Int(field[field.index(field.startIndex, offsetBy: 6)..<close]), indexes.indices.contains(k) {
                renamed["lines[\(indexes[k])]" + field[field.index(after: close)...]] = message
            } else {
                renamed[field] = "supplier \(supplier.rawValue): " + message
            }
        }
        return renamed
    }

    /// A (product, quantity) query's rows by product.
    private static func quantities(_ query: PostgresQuery, in tx: Transaction) throws -> [ProductID: Quantity] {
        var found: [ProductID: Quantity] = [:]
        for row in try tx.query(query) {
            found[try row.decode(0, as: ProductID.self)] = Quantity(thousandths: try row.decode(1, as: Int64.self))
        }
        return found
    }
}
