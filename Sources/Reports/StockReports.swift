// Stock reports: what is on hand and what it is worth, by warehouse, category or product; what
// moved in a period, by kind; and write-offs by reason, warehouse, storekeeper or product — net
// of cancellations (a cancelled write-off's reversing moves take it back out).

import ERPCore
import Foundation
import Postgres

/// How to group the stock on hand.
package enum StockGrouping: String, Sendable, CaseIterable {
    case warehouse, category, product
}

/// How to group write-offs.
package enum WriteOffGrouping: String, Sendable, CaseIterable {
    case reason, warehouse, storekeeper, product
}

enum StockReports {
    static func stock(by grouping: StockGrouping, filter: ReportFilter, language: Language, in tx: Transaction) throws -> Report {
        let (key, name): (PostgresQuery, PostgresQuery) = switch grouping {
        case .warehouse: ("l.warehouse_code", "l.warehouse_name")
        case .category: ("COALESCE(p.category_id::text, '-')", "COALESCE(p.category_name, \(ReportText.noCategory.text(in: language)))")
        case .product: ("p.sku", "p.name")
        }
        let rows = try tx.query("SELECT " + key + ", " + name + """
            , count(DISTINCT l.product_id), sum(l.on_hand)::bigint, sum(l.reserved)::bigint, sum(l.value_minor)::bigint
            FROM warehouse_levels_view l JOIN catalog_products_view p ON p.id = l.product_id
            WHERE l.on_hand > 0 AND (\(filter.warehouseID)::bigint IS NULL OR l.warehouse_id = \(filter.warehouseID))
            GROUP BY 1, 2 ORDER BY 6 DESC, 1
            """)
        // Quantities in different units do not add up: they are shown per product only.
        let perProduct = grouping == .product
        var cells: [[ReportCell]] = []
        var products: Int64 = 0, value = Money.zero()
        for row in rows {
            let count = try row.decode(2, as: Int64.self), worth = try row.decode(5, as: Int64.self)
            products += count
            value = try value + Money(minorUnits: worth)
            cells.append([.text(try row.decode(0, as: String.self)), .text(try row.decode(1, as: String.self)), .integer(count),
                          perProduct ? .quantity(Quantity(thousandths: try row.decode(3, as: Int64.self))) : .text(""),
                          perProduct ? .quantity(Quantity(thousandths: try row.decode(4, as: Int64.self))) : .text(""),
                          .money(Money(minorUnits: worth))])
        }
        return Report(name: "stock", parameters: ["group_by": grouping.rawValue].merging(filter.parameters([.warehouse])) { $1 },
                      columns: ["key", "name", "products", "on_hand", "reserved", "value"], rows: cells,
                      totals: [.text(ReportText.total.text(in: language)), .text(ReportText.groups(cells.count).text(in: language)),
                               .integer(grouping == .warehouse ? products : Int64(cells.count)),
                               .text(""), .text(""), .money(value)])
    }

    static func writeOffs(_ period: ReportPeriod, by grouping: WriteOffGrouping, filter: ReportFilter, language: Language,
                          in tx: Transaction) throws -> Report {
        try period.validate()
        let (start, end) = try period.bounds(in: tx)
        let (key, name): (PostgresQuery, PostgresQuery) = switch grouping {
        case .reason: ("m.reason", "m.reason")
        case .warehouse: ("m.warehouse_code", "m.warehouse_name")
        case .storekeeper: ("m.posted_by_login", "m.posted_by_login")
        case .product: ("p.sku", "p.name")
        }
        let rows = try tx.query("SELECT " + key + ", " + name + """
            , count(DISTINCT m.document_id) FILTER (WHERE m.document_status = 'posted'), (-sum(m.qty))::bigint, (-sum(m.cost_minor))::bigint
            FROM warehouse_write_off_moves_view m JOIN catalog_products_view p ON p.id = m.product_id
            WHERE m.posted_at >= \(start) AND m.posted_at < \(end)
              AND (\(filter.warehouseID)::bigint IS NULL OR m.warehouse_id = \(filter.warehouseID))
            GROUP BY 1, 2 HAVING sum(m.qty) <> 0 ORDER BY 5 DESC, 1
            """)
        var cells: [[ReportCell]] = []
        var documents: Int64 = 0, value = Money.zero()
        for row in rows {
            let count = try row.decode(2, as: Int64.self), worth = try row.decode(4, as: Int64.self)
            documents += count
            value = try value + Money(minorUnits: worth)
            let key = try row.decode(0, as: String.self), name = try row.decode(1, as: String.self)
            cells.append([.text(key), .text(grouping == .reason ? ReportText.writeOffReason(key).text(in: language) : name), .integer(count),
                          grouping == .product ? .quantity(Quantity(thousandths: try row.decode(3, as: Int64.self))) : .text(""),
                          .money(Money(minorUnits: worth))])
        }
        return Report(name: "write_offs",
                      parameters: ["from": period.from.description, "to": period.to.description, "group_by": grouping.rawValue]
                          .merging(filter.parameters([.warehouse])) { $1 },
                      columns: ["key", "name", "documents", "qty", "value"], rows: cells,
                      totals: [.text(ReportText.total.text(in: language)), .text(ReportText.groups(cells.count).text(in: language)),
                               .integer(grouping == .product ? 0 : documents), .text(""),
                               .money(value)])
    }
}
