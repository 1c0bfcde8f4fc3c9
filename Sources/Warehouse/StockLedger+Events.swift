// The change feed's side of the ledger: whenever a posting, reservation or release changes what is
// available (on hand − reserved) of a product in a warehouse, one `stock.available_changed` event
// per level carries the new figure, in the same transaction. A shipment of reserved goods changes
// on hand and reserved alike and leaves available as it was, so it records none.

import Catalog
import ERPCore
import Postgres

extension StockLedger {
    /// Records one `stock.available_changed` event per level whose available quantity differs
    /// between `before` and `after` (thousandths by level), in key order.
    /// - Throws: `PostgresError`.
    static func recordAvailable(before: [LevelKey: Int64], after: [LevelKey: Int64], in tx: Transaction) throws(PostgresError) {
        let changed = after.filter { before[$0.key] != $0.value }.sorted { $0.key < $1.key }
        try ChangeEvents.record(changed.map { key, available in
            NewChangeEvent(.stockAvailableChanged, entity: "stock_level", id: ProductID(rawValue: key.product), data: .object([
                "product_id": .number(key.product), "warehouse_id": .number(key.warehouse),
                "available": .string(Quantity(thousandths: available).description),
            ]))
        }, in: tx)
    }
}
