/// A price type's id (Catalog's price lists). In the kernel because Parties, which knows no
/// catalog, records a client's price type, and Sales reads both.
package struct PriceTypeID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}
