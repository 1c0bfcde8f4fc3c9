// Warehouses: where stock lives. Codes are unique case-insensitively (`MAIN`, `shop-2`) and are
// how storekeepers name warehouses on the command line. A storekeeper with a warehouse scope
// sees only the warehouses in it; every other one is `404` to them, never `403`.

import ERPCore
import Foundation
import Postgres

/// A warehouse, as `GET /api/v1/warehouses` returns it.
package struct Warehouse: Codable, Sendable, Equatable {
    package var id: WarehouseID
    /// Short unique code: 1–32 letters, digits, `.`, `_` or `-`.
    package var code: String
    package var name: String
    package var address: String?
    /// Inactive warehouses keep their history but take no new documents.
    package var active: Bool
    package var version: Int64
    package var createdAt: Date

    static let columns: PostgresQuery = "SELECT id, code, name, address, active, version, created_at FROM warehouses"

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode(0, as: WarehouseID.self)
        code = try row.decode(1, as: String.self)
        name = try row.decode(2, as: String.self)
        address = try row.decode(3, as: String?.self)
        active = try row.decode(4, as: Bool.self)
        version = try row.decode(5, as: Int64.self)
        createdAt = try row.decode(6, as: Date.self)
    }
}

/// `POST /api/v1/warehouses`.
package struct NewWarehouse: Codable, Sendable, Equatable {
    package var code: String
    package var name: String
    package var address: String?

    package init(code: String, name: String, address: String? = nil) {
        self.code = code
        self.name = name
        self.address = address
    }
}

/// `PATCH /api/v1/warehouses/{id}`: changes at the warehouse's version; absent fields stay.
package struct WarehouseChanges: Codable, Sendable, Equatable {
    package var version: Int64
    package var name: String?
    package var address: String?
    /// False closes the warehouse to new documents (its history and stock stay).
    package var active: Bool?

    package init(version: Int64, name: String? = nil, address: String? = nil, active: Bool? = nil) {
        self.version = version
        self.name = name
        self.address = address
        self.active = active
    }
}

/// Creating and reading warehouses.
package enum Warehouses {
    /// Creates a warehouse (owners only), audited.
    /// - Throws: `ERPError.forbidden`, `.validationFailed`, `.duplicate` (the code); `PostgresError`.
    package static func create(_ command: NewWarehouse, by principal: Principal, time: TimeSource, in tx: Transaction) throws -> Warehouse {
        try principal.require(.manageWarehouses)
        var problems = FieldErrors()
        let code = command.code.trimmingCharacters(in: .whitespaces)
        if code.isEmpty || code.count > 32 || !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            problems.add("code", "must be 1–32 letters, digits, '.', '_' or '-'")
        }
        let name = command.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 200 { problems.add("name", "must be 1–200 characters") }
        let address = command.address?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let address, address.count > 500 { problems.add("address", "must be at most 500 characters") }
        try problems.throwIfAny()
        if let existing = try find(code: code, in: tx) {
            throw ERPError.duplicate(entity: "warehouse", field: "code", existingID: existing.id.rawValue)
        }
        let row = try tx.query("""
            INSERT INTO warehouses (code, name, address, created_at)
            VALUES (\(code), \(name), \(address?.isEmpty == true ? nil : address), \(time.now))
            RETURNING id, code, name, address, active, version, created_at
            """).single()
        let warehouse = try Warehouse(row: row)
        try Audit.record(in: tx, by: principal, action: "warehouse.create", entityType: "warehouse", entityID: warehouse.id,
                         change: .object(["code": .string(code), "name": .string(name), "address": address.map { .string($0) } ?? .null]))
        return warehouse
    }

    /// Renames, moves or (de)activates a warehouse at its version (owners), audited.
    /// - Throws: `ERPError.forbidden`, `.notFound`, `.versionConflict`, `.validationFailed`; `PostgresError`.
    package static func update(_ id: WarehouseID, with changes: WarehouseChanges, by principal: Principal,
                               in tx: Transaction) throws -> Warehouse {
        try principal.require(.manageWarehouses)
        guard let current = try tx.query(Warehouse.columns + " WHERE id = \(id) FOR UPDATE").firstRow
            .map({ (row) throws(PostgresError) in try Warehouse(row: row) }) else {
            throw ERPError.notFound(entity: "warehouse", id: String(id.rawValue))
        }
        guard current.version == changes.version else { throw ERPError.versionConflict(current: current.version) }
        var problems = FieldErrors()
        let name = changes.name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? current.name
        if name.isEmpty || name.count > 200 { problems.add("name", "must be 1–200 characters") }
        let address = changes.address.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? current.address
        if let address, address.count > 500 { problems.add("address", "must be at most 500 characters") }
        try problems.throwIfAny()
        let active = changes.active ?? current.active
        let row = try tx.query("""
            UPDATE warehouses SET name = \(name), address = \(address?.isEmpty == true ? nil : address), active = \(active),
                   version = version + 1
            WHERE id = \(id) RETURNING id, code, name, address, active, version, created_at
            """).single()
        let updated = try Warehouse(row: row)
        try Audit.record(in: tx, by: principal, action: "warehouse.update", entityType: "warehouse", entityID: id,
                         change: .object(["name": .string(name), "active": .bool(active)]))
        return updated
    }

    /// The warehouses `principal` sees, in code order.
    /// - Throws: `ERPError.forbidden` without `readStock`; `PostgresError`.
    package static func list(by principal: Principal, in tx: Transaction) throws -> [Warehouse] {
        try principal.require(.readStock)
        let scope = principal.warehouseScope.map { Array($0) }
        return try tx.query(Warehouse.columns + " WHERE (\(scope)::bigint[] IS NULL OR id = ANY(\(scope))) ORDER BY lower(code)")
            .map { (row) throws(PostgresError) in try Warehouse(row: row) }
    }

    /// The warehouse with this id or code, as `principal` may see it.
    /// - Throws: `ERPError.forbidden`, `.notFound` (also outside the storekeeper's scope); `PostgresError`.
    package static func get(_ reference: String, by principal: Principal, in tx: Transaction) throws -> Warehouse {
        try principal.require(.readStock)
        var found = try find(code: reference, in: tx)
        if found == nil, let id = try? WarehouseID(parsing: reference) { found = try fetch(id, in: tx) }
        guard let found, principal.sees(found.id) else { throw ERPError.notFound(entity: "warehouse", id: reference) }
        return found
    }

    /// The warehouses these codes name (case-insensitively) among those `principal` sees; codes
    /// naming none are absent (the API's `warehouse_code` fields).
    /// - Throws: `ERPError.forbidden` without `readStock`; `PostgresError`.
    package static func ids(codes: [String], by principal: Principal, in tx: Transaction) throws -> [String: WarehouseID] {
        try principal.require(.readStock)
        guard !codes.isEmpty else { return [:] }
        let rows = try tx.query("""
            SELECT r.code, w.id FROM unnest(\(codes)::text[]) AS r(code) JOIN warehouses w ON lower(w.code) = lower(r.code)
            """)
        var ids: [String: WarehouseID] = [:]
        for row in rows {
            let id = try row.decode(1, as: WarehouseID.self)
            if principal.sees(id) { ids[try row.decode(0, as: String.self)] = id }
        }
        return ids
    }

    /// The address goods leave warehouse `id` from (a UPD's consignor), or nil when none is recorded.
    /// - Throws: `PostgresError`.
    package static func address(of id: WarehouseID, in tx: Transaction) throws -> String? {
        try fetch(id, in: tx)?.address
    }

    /// The codes of the warehouses `ids` (one query): what other modules print beside an id.
    /// - Throws: `PostgresError`.
    package static func codes(of ids: [WarehouseID], in tx: Transaction) throws(PostgresError) -> [WarehouseID: String] {
        guard !ids.isEmpty else { return [:] }
        var codes: [WarehouseID: String] = [:]
        for row in try tx.query("SELECT id, code FROM warehouses WHERE id = ANY(\(Array(Set(ids.map(\.rawValue)))))") {
            codes[try row.decode(0, as: WarehouseID.self)] = try row.decode(1, as: String.self)
        }
        return codes
    }

    /// The warehouse with this id, whoever may see it, or nil.
    /// - Throws: `PostgresError`.
    static func fetch(_ id: WarehouseID, in tx: Transaction) throws -> Warehouse? {
        try tx.query(Warehouse.columns + " WHERE id = \(id)").firstRow.map { (row) throws(PostgresError) in try Warehouse(row: row) }
    }

    static func find(code: String, in tx: Transaction) throws -> Warehouse? {
        try tx.query(Warehouse.columns + " WHERE lower(code) = lower(\(code))").firstRow
            .map { (row) throws(PostgresError) in try Warehouse(row: row) }
    }

    /// Checks that `id` names an active warehouse `principal` may move stock in, reporting the
    /// problem under `field`; returns the warehouse (a posting's answer names its code).
    @discardableResult
    static func requireUsable(_ id: WarehouseID, field: String, by principal: Principal, in tx: Transaction,
                              problems: inout FieldErrors) throws -> Warehouse {
        guard principal.sees(id), let warehouse = try fetch(id, in: tx) else {
            throw ERPError.notFound(entity: "warehouse", id: String(id.rawValue))
        }
        if !warehouse.active { problems.add(field, "warehouse \(warehouse.code) is inactive") }
        return warehouse
    }
}

extension Principal {
    /// Whether this user works in warehouse `id` (storekeepers with a scope: only theirs).
    package func sees(_ id: WarehouseID) -> Bool {
        warehouseScope.map { $0.contains(id.rawValue) } ?? true
    }

    /// Refuses unless this user works in every warehouse of `ids`: an action needs the scope of
    /// every warehouse it writes to, not of one of them (a transfer's cancellation writes to both ends).
    /// - Throws: `ERPError.forbidden` naming the first warehouse outside the scope.
    package func requireScope(_ ids: some Sequence<WarehouseID>) throws(ERPError) {
        if let outside = ids.first(where: { !sees($0) }) {
            throw .forbidden(action: "change stock in warehouse \(outside.rawValue), which is outside your warehouse scope")
        }
    }
}
