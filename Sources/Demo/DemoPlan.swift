// How much of everything each demo size has. `small` is a first look (seconds), `medium` a
// realistic shop (under a minute), `large` about a million stock moves over a year for the
// benchmarks (a few minutes): it gets more clients, bigger orders and deliveries of hundreds of
// lines rather than more documents of the same size, because each document costs round trips.

/// The numbers behind one demo size.
struct DemoPlan: Sendable, Equatable {
    /// Calendar months of history, ending yesterday.
    var months: Int
    /// Products wanted (capped by what the catalog data can name).
    var products: Int
    var suppliers: Int
    var clients: Int
    /// The mean number of new orders a working day.
    var ordersPerDay: Int
    /// Goods lines on a company's order (private persons buy fewer).
    var linesPerOrder: ClosedRange<Int>
    /// Days of sales a delivery restocks, and how low (in days of sales) stock may fall before one.
    var coverDays: Int
    var reorderDays: Int
    /// Working days between two deliveries of one supplier.
    var deliveryEvery: ClosedRange<Int>
    /// Whether St Petersburg is stocked from the main warehouse (like the shop) rather than by suppliers.
    var branchesFromMain: Bool
    /// How many in a hundred confirmed company orders get an invoice (the others are paid against the UPD).
    var invoicePercent: Int
    /// The weekdays the shop is restocked from the main warehouse (2 = Monday … 6 = Friday).
    var restockWeekdays: Set<Int>
    /// Everything random follows from this.
    var seed: UInt64

    /// The plan for `size`.
    static func of(_ size: DemoSize) -> DemoPlan {
        switch size {
        case .small:
            DemoPlan(months: 3, products: 200, suppliers: 6, clients: 40, ordersPerDay: 5, linesPerOrder: 2...7,
                     coverDays: 20, reorderDays: 8, deliveryEvery: 5...8, branchesFromMain: false,
                     invoicePercent: 90, restockWeekdays: [3, 6], seed: 0x5EED_0001)
        case .medium:
            DemoPlan(months: 6, products: 400, suppliers: 10, clients: 160, ordersPerDay: 16, linesPerOrder: 2...12,
                     coverDays: 15, reorderDays: 6, deliveryEvery: 4...7, branchesFromMain: false,
                     invoicePercent: 90, restockWeekdays: [3, 6], seed: 0x5EED_0002)
        case .large:
            DemoPlan(months: 12, products: 1_000, suppliers: 12, clients: 700, ordersPerDay: 58, linesPerOrder: 40...80,
                     coverDays: 3, reorderDays: 3, deliveryEvery: 1...1, branchesFromMain: true,
                     invoicePercent: 50, restockWeekdays: [2, 3, 4, 5, 6], seed: 0x5EED_0003)
        }
    }
}
