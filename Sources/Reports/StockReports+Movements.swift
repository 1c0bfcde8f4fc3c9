// What moved in a period: the ledger's moves by kind (receipt, shipment, write-off, …), product,
// warehouse or day, with their count and the value that came in and went out; by product also the
// net quantity (quantities of different products do not add up, so only there). Read from the
// totals Warehouse keeps with every posting (sql/0037_report_totals.sql), not from every move: a year
// of the large demo is about 1,000,000 moves.

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
        let (dimension, key, name, names) = expressions(grouping)
        let summed: PostgresQuery = "(SELECT " + dimension + """
             AS dimension, sum(m.moves) AS moves, sum(m.qty) AS qty, sum(m.value_in_minor) AS value_in, sum(m.value_out_minor) AS value_out
            FROM 
            """ + source(grouping, start, end) + """
             m WHERE (\(filter.warehouseID)::bigint IS NULL OR m.warehouse_id = \(filter.warehouseID)) GROUP BY 1) s 
            """
        let rows = try tx.query("SELECT " + key + ", " + name + ", s.moves::bigint, s.qty::bigint, s.value_in::bigint, s.value_out::bigint FROM "
                                + summed + names + " ORDER BY 1")
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

    /// What a period's moves are summed from, as rows of warehouse, moves, net quantity, value in and
    /// value out (and kind, time or product where the grouping needs them): the totals per posting
    /// (a few rows per document) for kind, warehouse and day; for products the totals per UTC month
    /// for the whole months inside the period, per UTC day for the whole days around them, and the
    /// moves themselves for the hours before and after.
    private static func source(_ grouping: MovementGrouping, _ start: Date, _ end: Date) -> PostgresQuery {
        guard grouping == .product else {
            return "(SELECT at, warehouse_id, kind, moves, 0 AS qty, value_in_minor, value_out_minor FROM warehouse_move_postings_view "
                + "WHERE at >= \(start) AND at < \(end))"
        }
        let bounds = UTCBuckets(start, end)
        let (firstDay, lastDay) = bounds.days, (firstMonth, lastMonth) = bounds.months
        let columns: PostgresQuery = "SELECT product_id, warehouse_id, moves, qty, value_in_minor, value_out_minor FROM "
        let moves: PostgresQuery = """
            SELECT product_id, warehouse_id, 1, qty, GREATEST(cost_minor, 0), GREATEST(-cost_minor, 0) FROM warehouse_moves_view WHERE at >= 
            """
        return "(" + columns + "warehouse_move_months_view WHERE month >= \(firstMonth) AND month < \(lastMonth)"
            + " UNION ALL " + columns + "warehouse_move_days_view WHERE day >= \(firstDay) AND day < \(firstMonth)"
            + " UNION ALL " + columns + "warehouse_move_days_view WHERE day >= \(lastMonth) AND day < \(lastDay)"
            + " UNION ALL " + moves + "\(start) AND at < \(firstDay) UNION ALL " + moves + "\(lastDay) AND at < \(end))"
    }

    /// The grouping's column of the summed rows, its key and name over them, and the join that names them.
    private static func expressions(_ grouping: MovementGrouping) -> (PostgresQuery, PostgresQuery, PostgresQuery, PostgresQuery) {
        switch grouping {
        case .kind: ("m.kind", "s.dimension", "s.dimension", "")
        case .product: ("m.product_id", "p.sku", "p.name", "JOIN catalog_products_view p ON p.id = s.dimension")
        case .warehouse: ("m.warehouse_id", "w.warehouse_code", "w.warehouse_name", """
            JOIN (SELECT DISTINCT warehouse_id, warehouse_code, warehouse_name FROM warehouse_levels_view) w ON w.warehouse_id = s.dimension
            """)
        case .day: ("to_char(m.at AT TIME ZONE company_time_zone(), 'YYYY-MM-DD')", "s.dimension", "''", "")
        }
    }
}
