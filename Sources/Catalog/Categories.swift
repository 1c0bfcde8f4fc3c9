// The product category tree: create, list, and move a category under another parent. Names are
// unique among siblings (case-insensitively). A move that would put a category under itself or
// one of its descendants is refused: the ancestors of the new parent are read with a recursive
// query while the tree's advisory lock is held, so two concurrent moves cannot build a cycle.

import ERPCore
import Postgres

/// A product category, as `GET /api/v1/categories` returns it.
package struct Category: Codable, Sendable, Equatable {
    /// The category's id.
    package var id: CategoryID
    /// The name, unique among its siblings.
    package var name: String
    /// The parent category; nil for a root.
    package var parentID: CategoryID?
    /// Bumped on every change.
    package var version: Int64

    private enum CodingKeys: String, CodingKey { case id, name, parentID, version }

    /// Encodes every field; `parent_id` is `null` for a root.
    /// - Throws: `EncodingError`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(parentID, forKey: .parentID)
        try container.encode(version, forKey: .version)
    }

    static let columns: PostgresQuery = "SELECT id, name, parent_id, version FROM categories"

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode(0, as: CategoryID.self)
        name = try row.decode(1, as: String.self)
        parentID = try row.decode(2, as: CategoryID?.self)
        version = try row.decode(3, as: Int64.self)
    }
}

/// The `POST /api/v1/categories` body.
package struct NewCategory: Codable, Sendable, Equatable {
    /// Required: 1–200 characters, unique among the siblings.
    package var name: String?
    /// The parent; nil for a root.
    package var parentID: CategoryID?

    /// A command with the given fields.
    package init(name: String?, parentID: CategoryID? = nil) {
        self.name = name
        self.parentID = parentID
    }
}

/// The category rules; `CatalogService` is the facade.
package enum Categories {
    /// Advisory lock serialising changes of the tree's shape.
    static let treeLockKey: Int64 = 0x6572_705F_6361_7467  // "erp_catg"

    /// Creates a category inside `tx` and audits `category.create`.
    /// - Throws: `ERPError.forbidden`; `.validationFailed` (name, unknown parent); `.duplicate`
    ///   for a sibling with the same name; `PostgresError`.
    package static func create(_ command: NewCategory, by principal: Principal, in tx: Transaction) throws -> Category {
        try principal.require(.editCatalog)
        let name = try validatedName(command.name, parentID: command.parentID, in: tx)
        try tx.query("SELECT pg_advisory_xact_lock(\(treeLockKey))")
        try requireFreeName(name, under: command.parentID, except: nil, in: tx)
        let id = try tx.query("""
            INSERT INTO categories (name, parent_id) VALUES (\(name), \(command.parentID)) RETURNING id
            """).single().decode(0, as: CategoryID.self)
        let category = try fetch(id, in: tx)
        try Audit.record(in: tx, by: principal, action: "category.create", entityType: "category", entityID: id,
                         change: .object(["name": .string(name),
                                          "parent_id": command.parentID.map { .number($0.rawValue) } ?? .null]))
        return category
    }

    /// Moves a category under `parentID` (nil: make it a root) inside `tx`; audits `category.move`.
    /// - Throws: `ERPError.forbidden`; `.notFound`; `.validationFailed` for an unknown parent or a
    ///   cycle (the new parent is the category or one of its descendants); `.duplicate`; `PostgresError`.
    package static func move(
        _ id: CategoryID, under parentID: CategoryID?, by principal: Principal, in tx: Transaction
    ) throws -> Category {
        try principal.require(.editCatalog)
        try tx.query("SELECT pg_advisory_xact_lock(\(treeLockKey))")
        let current = try fetch(id, in: tx)
        if let parentID {
            guard !(try tx.query("SELECT 1 FROM categories WHERE id = \(parentID)").isEmpty) else {
                throw ERPError.validationFailed(fields: ["parent_id": "there is no category \(parentID.rawValue)"])
            }
            let cycle = try tx.query("""
                WITH RECURSIVE ancestors (id, parent_id) AS (
                    SELECT id, parent_id FROM categories WHERE id = \(parentID)
                    UNION
                    SELECT c.id, c.parent_id FROM categories c JOIN ancestors a ON c.id = a.parent_id
                )
                SELECT EXISTS (SELECT 1 FROM ancestors WHERE id = \(id))
                """).single().decode(0, as: Bool.self)
            if cycle {
                throw ERPError.validationFailed(fields: [
                    "parent_id": "category \(parentID.rawValue) is \(id.rawValue) itself or inside it: that would be a cycle",
                ])
            }
        }
        try requireFreeName(current.name, under: parentID, except: id, in: tx)
        try tx.query("UPDATE categories SET parent_id = \(parentID), version = version + 1 WHERE id = \(id)")
        try Audit.record(in: tx, by: principal, action: "category.move", entityType: "category", entityID: id,
                         change: .object(["parent_id": .object([
                             "from": current.parentID.map { .number($0.rawValue) } ?? .null,
                             "to": parentID.map { .number($0.rawValue) } ?? .null,
                         ])]))
        return try fetch(id, in: tx)
    }

    /// Every category, in id order, a page at a time.
    /// - Throws: `ERPError.forbidden` without `readCatalog`; `.validationFailed` for limit/cursor.
    package static func list(
        limit: Int, cursor: String?, by principal: Principal, on connection: Connection
    ) throws(ERPError) -> Page<Category> {
        try principal.require(.readCatalog)
        let after = try PageRequest.validate(limit: limit, cursor: cursor) ?? 0
        return try connection.serviceTransaction { tx in
            let rows = try tx.query(Category.columns + " WHERE id > \(after) ORDER BY id LIMIT \(limit + 1)")
            let items = try rows.prefix(limit).map { row in try Category(row: row) }
            return Page(items: items, nextCursor: rows.count > limit ? items.last.map { String($0.id.rawValue) } : nil)
        }
    }

    static func validatedName(_ name: String?, parentID: CategoryID?, in tx: Transaction) throws -> String {
        var problems = FieldErrors()
        let name = name ?? ""
        if name.allSatisfy(\.isWhitespace) {
            problems.add("name", "is required")
        } else if name.count > 200 {
            problems.add("name", "must be at most 200 characters")
        }
        if let parentID, try tx.query("SELECT 1 FROM categories WHERE id = \(parentID)").isEmpty {
            problems.add("parent_id", "there is no category \(parentID.rawValue)")
        }
        try problems.throwIfAny()
        return name
    }

    static func requireFreeName(_ name: String, under parentID: CategoryID?, except id: CategoryID?, in tx: Transaction) throws {
        let rows = try tx.query("""
            SELECT id FROM categories
            WHERE COALESCE(parent_id, 0) = COALESCE(\(parentID), 0) AND lower(name) = lower(\(name))
              AND id IS DISTINCT FROM \(id)
            """)
        if let row = rows.firstRow {
            throw ERPError.duplicate(entity: "category", field: "name", existingID: try row.decode(0, as: Int64.self))
        }
    }

    /// Reads one category.
    /// - Throws: `ERPError.notFound`; `PostgresError`.
    static func fetch(_ id: CategoryID, in tx: Transaction) throws -> Category {
        guard let row = try tx.query(Category.columns + " WHERE id = \(id)").firstRow else {
            throw ERPError.notFound(entity: "category", id: String(id.rawValue))
        }
        return try Category(row: row)
    }
}
