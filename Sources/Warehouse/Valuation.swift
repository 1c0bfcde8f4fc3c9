// Moving average cost, exact in kopecks (docs/architecture.md, "Invariants"). A level keeps the total value
// of what is on hand rather than a rounded unit cost, so the value of a bin that is emptied is
// exactly what was put in minus what was taken out, and `value = SUM(stock_moves.cost)` holds
// as an invariant `erp check` can verify. The average unit cost is derived for display.

import ERPCore

/// A stock level's quantities and value while the ledger is posting (the row is locked).
struct LevelState: Equatable {
    var onHand: Int64
    var reserved: Int64
    var value: Int64
    var lastUnitCost: Int64

    var available: Int64 { onHand - reserved }
}

/// The arithmetic of moving average cost.
enum Valuation {
    /// The value `qty` (thousandths, 0 < qty ≤ onHand) takes out of a level: its share of the
    /// level's value, rounded half-up; all of it when the bin is emptied.
    static func outgoingCost(of qty: Int64, from level: LevelState, pricing: MovePricing) throws(ValueError) -> Int64 {
        guard qty < level.onHand else { return level.value }
        // A return to the supplier takes out what the goods came in at, bounded by what is there.
        if case .entryCost(let cost) = pricing { return min(cost.minorUnits, level.value) }
        let exact = Int128(level.value) * Int128(qty)
        return try DecimalText.narrow(DecimalText.divideRoundingHalfUp(exact, by: Int128(level.onHand)),
                                      operation: "stock value share")
    }

    /// The value of a surplus of `qty` found by a count: at the average cost of what is there,
    /// or at the last unit cost the bin was stocked at when it is empty.
    static func surplusCost(of qty: Int64, into level: LevelState) throws(ValueError) -> Int64 {
        let unitCost = level.onHand > 0 ? try averageUnitCost(value: level.value, onHand: level.onHand) : level.lastUnitCost
        return try Quantity(thousandths: qty).amount(at: Money(minorUnits: unitCost)).minorUnits
    }

    /// The unit cost (kopecks per whole unit) of `value` spread over `onHand` thousandths,
    /// rounded half-up; zero for an empty bin.
    static func averageUnitCost(value: Int64, onHand: Int64) throws(ValueError) -> Int64 {
        guard onHand > 0 else { return 0 }
        let exact = Int128(value) * Int128(Quantity.thousandthsPerUnit)
        return try DecimalText.narrow(DecimalText.divideRoundingHalfUp(exact, by: Int128(onHand)),
                                      operation: "average cost")
    }
}
