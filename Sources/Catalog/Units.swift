// Units of measure: seeded by the migration (pcs, kg, g, l, m, m2, set, pack); each says whether
// quantities in it may have decimals.

import ERPCore
import Postgres

/// A unit of measure, as `GET /api/v1/units` returns it.
package struct UnitOfMeasure: Codable, Sendable, Equatable {
    /// The short code products refer to: `pcs`, `kg`.
    package var code: String
    /// The unit's name: `piece`, `kilogram`.
    package var name: String
    /// Whether quantities in this unit may have decimals (kg: yes, pcs: no).
    package var fractionsAllowed: Bool

    /// A unit with the given fields.
    package init(code: String, name: String, fractionsAllowed: Bool) {
        self.code = code
        self.name = name
        self.fractionsAllowed = fractionsAllowed
    }

    init(row: PostgresRow) throws(PostgresError) {
        self.init(code: try row.decode(0, as: String.self), name: try row.decode(1, as: String.self),
                  fractionsAllowed: try row.decode(2, as: Bool.self))
    }
}

/// Reading units of measure.
package enum Units {
    /// Every unit, in code order.
    /// - Throws: `ERPError.forbidden` without `readCatalog`; translated database failures.
    package static func list(by principal: Principal, on connection: Connection) throws(ERPError) -> [UnitOfMeasure] {
        try principal.require(.readCatalog)
        return try connection.serviceTransaction { tx in
            try tx.query("SELECT code, name, fractions_allowed FROM units ORDER BY code").map { row in
                try UnitOfMeasure(row: row)
            }
        }
    }
}
