// Price types: the owner's named price lists (розничная, мелкооптовая, оптовая). A product has a
// price of each type (ProductTypePrices), a client has one type (Parties), and an order line takes
// the client's type's price by default (Sales). Types are created and listed, never renamed away
// from under the files that name them by code.

import ERPCore
import Foundation
import Postgres

/// A price type, as `GET /api/v1/price-types` returns it.
package struct PriceType: Codable, Sendable, Equatable {
    /// The type's id (what a party's `price_type_id` names).
    package var id: PriceTypeID
    /// The short code that names the type in product `prices` and CSV columns (`opt`, `retail`).
    package var code: String
    /// The name people read (`Оптовая`).
    package var name: String

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode(0, as: PriceTypeID.self)
        code = try row.decode(1, as: String.self)
        name = try row.decode(2, as: String.self)
    }
}

/// The `POST /api/v1/price-types` body and `erp price-type add`'s flags.
package struct NewPriceType: Codable, Sendable, Equatable {
    /// Required: 1–32 lower-case latin letters, digits, `_` or `-`; unique.
    package var code: String?
    /// Required: 1–100 characters.
    package var name: String?

    /// A command with the given fields.
    package init(code: String?, name: String?) {
        self.code = code
        self.name = name
    }
}

/// The price type rules; `CatalogService` is the facade.
package enum PriceTypes {
    /// The longest code accepted.
    static let maximumCodeLength = 32

    /// Creates a price type inside `tx` and audits `price_type.create`.
    /// - Throws: `ERPError.forbidden` without `editCatalog`; `.validationFailed` with every bad
    ///   field; `.duplicate` (code) naming the existing type; `PostgresError`.
    static func create(_ command: NewPriceType, by principal: Principal, at now: Date, in tx: Transaction) throws -> PriceType {
        try principal.require(.editCatalog)
        var problems = FieldErrors()
        let code = command.code ?? ""
        if code.isEmpty {
            problems.add("code", "is required")
        } else if code.count > maximumCodeLength
                    || !code.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }) {
            problems.add("code", "must be 1 to \(maximumCodeLength) lower-case latin letters, digits, '_' or '-'")
        }
        let name = (command.name ?? "").trimmingSpaces
        if name.isEmpty { problems.add("name", "is required") } else if name.count > 100 { problems.add("name", "must be at most 100 characters") }
        try problems.throwIfAny()
        let inserted = try tx.query("""
            INSERT INTO price_types (code, name, created_at) VALUES (\(code), \(name), \(now))
            ON CONFLICT (code) DO NOTHING RETURNING id, code, name
            """)
        guard let row = inserted.firstRow else {
            let existing = try tx.query("SELECT id FROM price_types WHERE code = \(code)").firstRow
            throw ERPError.duplicate(entity: "price type", field: "code", existingID: try existing?.decode(0, as: Int64.self))
        }
        let type = try PriceType(row: row)
        try Audit.record(in: tx, by: principal, action: "price_type.create", entityType: "price_type", entityID: type.id,
                         change: .object(["code": .string(code), "name": .string(name)]))
        return type
    }

    /// Every price type, in id order.
    /// - Throws: `PostgresError`.
    package static func all(in tx: Transaction) throws -> [PriceType] {
        try tx.query("SELECT id, code, name FROM price_types ORDER BY id").map { row in try PriceType(row: row) }
    }

    /// The price type `id`, or nil.
    /// - Throws: `PostgresError`.
    package static func find(_ id: PriceTypeID, in tx: Transaction) throws -> PriceType? {
        try tx.query("SELECT id, code, name FROM price_types WHERE id = \(id)").firstRow.map { row in try PriceType(row: row) }
    }
}

extension CatalogService {
    /// Creates a price type.
    /// - Throws: `ERPError.forbidden`, `.validationFailed`, `.duplicate` (code).
    package func create(_ command: NewPriceType, by principal: Principal, on connection: Connection) throws(ERPError) -> PriceType {
        try connection.serviceTransaction { tx in try create(command, by: principal, in: tx) }
    }

    /// `create(_:by:on:)` inside a caller's transaction (the API's idempotent POST).
    package func create(_ command: NewPriceType, by principal: Principal, in tx: Transaction) throws -> PriceType {
        try PriceTypes.create(command, by: principal, at: time.now, in: tx)
    }

    /// Every price type.
    /// - Throws: `ERPError.forbidden` without `readCatalog`.
    package func priceTypes(by principal: Principal, on connection: Connection) throws(ERPError) -> [PriceType] {
        try principal.require(.readCatalog)
        return try connection.serviceTransaction { tx in try PriceTypes.all(in: tx) }
    }
}
