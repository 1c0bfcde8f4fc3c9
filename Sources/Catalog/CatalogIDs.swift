import ERPCore

/// A product's id.
package struct ProductID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A product category's id.
package struct CategoryID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// The id of the party a product is bought from (its preferred supplier). The catalog sits below
/// Parties, so it keeps the party's id without the party; the database's reference keeps it real.
package struct SupplierID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}
