import Catalog
import ERPCore
import Foundation
import Postgres
import TestSupport

/// Small factories shared by the catalog tests.
enum CatalogFixtures {
    /// A fixed instant, so recorded times can be asserted.
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    /// The catalog with its clock stopped at `now`.
    static let service = CatalogService(time: .fixed(now))

    /// Bootstraps an owner and adds an accountant and a storekeeper, returning their principals.
    static func people(_ connection: Connection) throws -> (owner: Principal, accountant: Principal, keeper: Principal) {
        let owner = try Users.add(NewUser(login: "owner", role: .owner), by: nil, on: connection).principal(channel: .api)
        let accountant = try Users.add(NewUser(login: "acc", role: .accountant), by: owner, on: connection)
        let keeper = try Users.add(NewUser(login: "keeper", role: .storekeeper), by: owner, on: connection)
        return (owner, accountant.principal(channel: .api), keeper.principal(channel: .api))
    }

    /// A valid new product with defaults.
    static func newProduct(
        sku: String = "HAM-1", name: String = "Молоток слесарный", unit: String = "pcs",
        barcodes: [String]? = nil, price: String = "450.00", vat: VATRate = .percent20,
        minStock: Quantity? = nil, categoryID: CategoryID? = nil
    ) -> NewProduct {
        NewProduct(sku: sku, name: name, unit: unit, barcodes: barcodes, categoryID: categoryID,
                   price: Money(price), vatRate: vat, minStock: minStock)
    }

    /// Counts the rows of a table (the names are literals of the tests).
    static func count(_ table: StaticString, _ connection: Connection) throws -> Int64 {
        let query: PostgresQuery = "SELECT count(*) FROM " + PostgresQuery(stringLiteral: table)
        return try connection.query(query).single().decode(0, as: Int64.self)
    }

    /// The audit actions recorded for catalog entities, oldest first.
    static func catalogActions(_ connection: Connection) throws -> [String] {
        try connection.query("""
            SELECT action FROM audit_log WHERE entity_type IN ('product', 'category') ORDER BY id
            """).map { try $0.decode(0, as: String.self) }
    }
}
