// What the CLI prints beside an id so a person can read it: the client's name, the warehouse's
// code. "client 36 warehouse 1" helps nobody. Read in one query per kind for a whole list (never
// one per row), as the acting user sees them: a name they may not see stays an id.

import ERPCore
import Parties
import Postgres
import Warehouse

/// Names and codes for the ids a command is about to print.
struct DisplayNames {
    private var parties: [PartyID: String] = [:]
    private var warehouses: [WarehouseID: String] = [:]

    /// The names of `parties` and the codes of every warehouse `principal` sees.
    /// - Throws: `ERPError` from the facades (`.forbidden`, a database failure).
    static func load(parties ids: [PartyID] = [], by principal: Principal, on connection: Connection) throws(ERPError) -> DisplayNames {
        var names = DisplayNames()
        if !ids.isEmpty { names.parties = try PartiesService().names(of: Array(Set(ids)), by: principal, on: connection) }
        for warehouse in try WarehouseService().warehouses(by: principal, on: connection) { names.warehouses[warehouse.id] = warehouse.code }
        return names
    }

    /// `ООО «Ромашка» (36)`, or the bare id when the name is not known.
    func party(_ id: PartyID) -> String {
        parties[id].map { "\($0) (\(id.rawValue))" } ?? String(id.rawValue)
    }

    /// `MAIN`, or the bare id when the warehouse is outside the user's scope.
    func warehouse(_ id: WarehouseID) -> String {
        warehouses[id] ?? String(id.rawValue)
    }
}
