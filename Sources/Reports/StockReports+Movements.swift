// What moved in a period: the ledger's moves by kind (receipt, shipment, write-off, …), product,
// warehouse or day, with their count and the value that came in and went out; by product also the
// net quantity (quantities of different products do not add up, so only there).

import ERPCore
import Foundation
import Postgres

/// How to group stock moves.
package enum MovementGrouping: String, Sendable, CaseIterable {
    case kind, product, warehouse, day
}

extension StockReports {
    static func movements(_ period: ReportPeriod, by grouping: MovementGrouping, filter: ReportFilter, language: Language,
                          in tx: Transaction) throws -> Report {
        try period.validate()
        let (start, end) = try period.bounds(in: tx)
        let (key, name, names): (PostgresQuery, PostgresQuery, PostgresQuery) = switch grouping {
        case .kind: ("m.kind", "m.kind", "")
        case .product: ("p.sku", "p.name", "JOIN catalog_products_view p ON p.id = m.product_id")
        case .warehouse: ("w.warehouse_code", "w.warehouse_name", """
            JOIN (SELECT DISTINCT warehouse_id, warehouse_code, warehouse_name FROM warehouse_levels_view) w ON w.warehouse_id = m.warehouse_id
            """)
        case .day: ("to_char(m.at AT TIME ZONE company_time_zone(), 'YYYY-MM-DD')", "''", "")
        }
        let rows = try tx.query("SELECT " + key + ", " + name + """
            , count(*), sum(m.qty)::bigint, COALESCE(sum(m.cost_minor) FILTER (WHERE m.cost_minor > 0), 0)::bigint,
                   COALESCE(-sum(m.cost_minor) FILTER (WHERE m.cost_minor < 0), 0)::bigint
            FROM warehouse_moves_view m
            """ + " " + names + """
             WHERE m.at >= \(start) AND m.at < \(end)
              AND (\(filter.warehouseID)::bigint IS NULL OR m.warehouse_id = \(filter.warehouseID))
            GROUP BY 1, 2 ORDER BY 1
            """)
        var cells: [[ReportCell]] = []
        var count: Int64 = 0, valueIn = Money.zero(), valueOut = Money.zero()
        for row in rows {
            let moves = try row.decode(2, as: Int64.self), incoming = try row.decode(4, as: Int64.self), outgoing = try row.decode(5, as: Int64.self)
            count += moves
            valueIn = try valueIn + Money(minorUnits: incoming)
            valueOut = try valueOut + Money(minorUnits: outgoing)
            let qty: ReportCell = grouping == .product ? .quantity(Quantity(thousandths: try row.decode(3, as: Int64.self))) : .text("")
            let figures: [ReportCell] = [.integer(moves), .money(Money(minorUnits: incoming)), .money(Money(minorUnits: outgoing))]
            // By kind the report keeps the shape it has always had (kind, moves, value in, value out).
            let key = try row.decode(0, as: String.self)
            let name = grouping == .day ? CalendarDate(key).map { ReportText.day($0).text(in: language) } ?? key : try row.decode(1, as: String.self)
            cells.append(grouping == .kind ? [.text(key)] + figures : [.text(key), .text(name), qty] + figures)
        }
        let totals: [ReportCell] = [.integer(count), .money(valueIn), .money(valueOut)], total = ReportText.total.text(in: language)
        var parameters = ["from": period.from.description, "to": period.to.description].merging(filter.parameters([.warehouse])) { $1 }
        if grouping != .kind { parameters["group_by"] = grouping.rawValue }
        return grouping == .kind
            ? Report(name: "movements", parameters: parameters, columns: ["kind", "moves", "value_in", "value_out"], rows: cells,
                     totals: [.text(total)] + totals)
            : Report(name: "movements", parameters: parameters, columns: ["key", "name", "qty", "moves", "value_in", "value_out"],
                     rows: cells, totals: [.text(total), .text(ReportText.groups(cells.count).text(in: language)), .text("")] + totals)
    }
}
