// What narrows a report besides its period: one warehouse, one manager, one client. A report
// applies the fields that mean something for it (revenue: manager and client; stock, write-offs and
// movements: warehouse) and names them in its parameters, so its CSV and JSON say what they hold.
// Only owners and accountants read reports, and they see everything: a filter only ever narrows.

import ERPCore
import Parties
import Postgres
import Warehouse

/// A report's optional narrowing; nil fields narrow nothing.
package struct ReportFilter: Sendable, Equatable {
    package var warehouseID: WarehouseID?
    package var managerID: UserID?
    package var clientID: PartyID?

    package init(warehouseID: WarehouseID? = nil, managerID: UserID? = nil, clientID: PartyID? = nil) {
        self.warehouseID = warehouseID
        self.managerID = managerID
        self.clientID = clientID
    }

    /// The report parameters naming the fields in `use` that are set (`warehouse_id`, …).
    func parameters(_ use: Set<Field>) -> [String: String] {
        var named: [String: String] = [:]
        if use.contains(.warehouse), let warehouseID { named["warehouse_id"] = String(warehouseID.rawValue) }
        if use.contains(.manager), let managerID { named["manager_id"] = String(managerID.rawValue) }
        if use.contains(.client), let clientID { named["client_id"] = String(clientID.rawValue) }
        return named
    }

    /// The fields a report can be narrowed by.
    package enum Field: String, Sendable, CaseIterable {
        case warehouse, manager, client
    }
}

/// The people and places a report's filter bar offers.
package struct ReportFilterChoices: Sendable {
    /// Every warehouse: id, code and name.
    package var warehouses: [(id: WarehouseID, name: String)]
    /// Everyone who has sold something: id and name.
    package var managers: [(id: UserID, name: String)]

    /// - Throws: `PostgresError`.
    static func read(in tx: Transaction) throws -> ReportFilterChoices {
        let warehouses = try tx.query("""
            SELECT DISTINCT warehouse_id, warehouse_code || ' — ' || warehouse_name FROM warehouse_levels_view ORDER BY 2
            """).map { (row) throws(PostgresError) in (try row.decode(0, as: WarehouseID.self), try row.decode(1, as: String.self)) }
        let managers = try tx.query("""
            SELECT u.id, COALESCE(NULLIF(u.display_name, ''), u.login) FROM access_users_view u
            WHERE EXISTS (SELECT 1 FROM sales_revenue_client_hours_view h WHERE h.manager_id = u.id) ORDER BY 2
            """).map { (row) throws(PostgresError) in (try row.decode(0, as: UserID.self), try row.decode(1, as: String.self)) }
        return ReportFilterChoices(warehouses: warehouses, managers: managers)
    }
}
