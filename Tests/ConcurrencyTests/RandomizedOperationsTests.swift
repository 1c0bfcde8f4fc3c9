import Billing
import Catalog
import ERPCore
import Foundation
import Postgres
import Purchasing
import Sales
import Testing
import TestShop
import TestSupport
import Warehouse

/// The net under everything: sixteen people at once doing every operation that changes stock or
/// money, in a seeded random mix, for a bounded time (`ERP_TRUST_SECONDS`, default 20; the seed is
/// `ERP_TRUST_SEED` or printed). Afterwards the ledger check is clean, and the database holds
/// exactly the effects of the operations that were acknowledged — nothing more, nothing less.
@Suite("Randomized operations")
struct RandomizedOperationsTests {
    private static let workers = 16

    @Test func everyInterleavingKeepsTheLedgerAndTheMoneyExact() throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["ERP_TRUST_SECONDS"].flatMap(Double.init) ?? 20
        let seed = environment["ERP_TRUST_SEED"].flatMap(UInt64.init) ?? UInt64(Date().timeIntervalSince1970 * 1000)
        let world = try World()
        let before = try Snapshot(world.shop.connection)
        let deadline = Date().addingTimeInterval(seconds)
        Threads.run(Self.workers) { index in
            do {
                var worker = Worker(world: world, connection: try world.shop.db.connect(),
                                    random: SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9))
                while Date() < deadline { worker.step() }
            } catch {
                world.tally.withLock { $0.unexpected.append("worker \(index) could not connect: \(error)") }
            }
        }
        let tally = world.tally.withLock { $0 }
        let context = "seed \(seed), \(seconds) s"
        print("randomized operations (\(context)): succeeded \(tally.succeeded.sorted { $0.key < $1.key }), refused \(tally.refused.sorted { $0.key < $1.key })")

        #expect(tally.unexpected.isEmpty, "\(context): \(tally.unexpected.prefix(5))")
        for operation in Operation.allCases {
            #expect(tally.succeeded[operation.rawValue, default: 0] > 0, "\(context): \(operation) never succeeded")
        }
        let connection = world.shop.connection
        #expect(try world.stock.check(on: connection) + world.sales.check(on: connection) + world.billing.check(on: connection) == [], "\(context)")
        try expectStock(tally, before: before, on: connection, context)
        try expectOrders(tally, on: connection, context)
        try expectRevenueAggregate(tally, before: before, on: connection, context)
        try expectMoveTotals(on: connection, context)
        try expectMoney(tally, on: connection, context)
        try expectAdvances(tally, on: connection, context)
        try expectPurchases(tally, on: connection, context)
        try expectGaplessNumbers(tally, before: before, on: connection, context)
    }

    /// On hand = before + every acknowledged move; reserved = what the acknowledged orders hold.
    private func expectStock(_ tally: Tally, before: Snapshot, on connection: Connection, _ context: String) throws {
        var heldByOrders: [Place: Int64] = [:]
        for (id, facts) in tally.orders where tally.confirmed.contains(id) && !tally.cancelled.contains(id) {
            for (product, qty) in facts.goods {
                heldByOrders[Place(product: product, warehouse: facts.warehouse), default: 0] += qty - (tally.shipped[id]?[product] ?? 0)
            }
        }
        let levels = try Snapshot.levels(connection)
        for place in Set(levels.keys).union(before.onHand.keys).union(tally.stockDelta.keys) {
            let expected = (before.onHand[place] ?? 0) + (tally.stockDelta[place] ?? 0)
            #expect(levels[place]?.onHand ?? 0 == expected, "\(context): \(place) on hand")
            #expect(levels[place]?.reserved ?? 0 == heldByOrders[place] ?? 0, "\(context): \(place) reserved")
        }
    }

    /// Each order's status, shipped and returned quantities are those of its acknowledged operations.
    private func expectOrders(_ tally: Tally, on connection: Connection, _ context: String) throws {
        let rows = try connection.query("""
            SELECT o.id, o.status, l.product_id, l.reserved, l.shipped, l.returned
            FROM sales_orders o JOIN sales_order_lines l ON l.order_id = o.id AND l.stocked
            WHERE o.id = ANY(\(tally.orderIDs.map(\.rawValue)))
            """)
        for row in rows {
            let id = try row.decode(0, as: SalesOrderID.self), status = try row.decode(1, as: String.self)
            let product = try row.decode(2, as: ProductID.self)
            let (confirmed, cancelled) = (tally.confirmed.contains(id), tally.cancelled.contains(id))
            if cancelled { #expect(status == "cancelled", "\(context): order \(id) was cancelled") }
            if !confirmed && !cancelled { #expect(status == "draft", "\(context): order \(id) was never confirmed") }
            if confirmed { #expect(status != "draft", "\(context): order \(id) was confirmed") }
            let shipped = tally.shipped[id]?[product] ?? 0
            #expect(try row.decode(4, as: Int64.self) == shipped, "\(context): order \(id) product \(product) shipped")
            #expect(try row.decode(5, as: Int64.self) == tally.returned[id]?[product] ?? 0, "\(context): order \(id) returned")
            let held = confirmed && !cancelled ? (tally.orders[id]?.goods[product] ?? 0) - shipped : 0
            #expect(try row.decode(3, as: Int64.self) == held, "\(context): order \(id) product \(product) reserved")
        }
        // The change feed: every acknowledged confirmation and shipment committed its event with it.
        let evented = Set(try connection.query("""
            SELECT type || ' ' || entity_id FROM change_events WHERE type IN ('order.confirmed', 'order.shipped')
            """).map { (row) throws(PostgresError) in try row.decode(0, as: String.self) })
        let acknowledged = tally.confirmed.map { "order.confirmed \($0)" } + tally.shipped.keys.map { "order.shipped \($0)" }
        #expect(Set(acknowledged).isSubset(of: evented), "\(context): every confirmed and shipped order has its change events")
    }

    /// The hourly revenue aggregate holds exactly the acknowledged shipments' quantities, product by
    /// product (the check above already compared its revenue and cost with the shipped lines).
    private func expectRevenueAggregate(_ tally: Tally, before: Snapshot, on connection: Connection, _ context: String) throws {
        var expected = before.aggregated
        for lines in tally.shipped.values {
            for (product, qty) in lines { expected[product, default: 0] += qty }
        }
        #expect(try Snapshot.aggregated(connection) == expected, "\(context): revenue aggregate by product")
    }

    /// The movements report's day totals net to every level's quantity on hand, and the posting
    /// totals count every move (the check above compared them with the moves key by key).
    private func expectMoveTotals(on connection: Connection, _ context: String) throws {
        var netted: [Place: Int64] = [:]
        for row in try connection.query("SELECT product_id, warehouse_id, sum(qty)::bigint FROM stock_move_days GROUP BY 1, 2") {
            netted[Place(product: try row.decode(0, as: ProductID.self), warehouse: try row.decode(1, as: WarehouseID.self))] =
                try row.decode(2, as: Int64.self)
        }
        let levels = try Snapshot.levels(connection).mapValues(\.onHand).filter { $0.value != 0 }
        #expect(netted.filter { $0.value != 0 } == levels, "\(context): move totals by product and warehouse")
        let counts = try connection.query("""
            SELECT (SELECT COALESCE(sum(moves), 0) FROM stock_move_postings)::bigint, (SELECT count(*) FROM stock_moves)
            """).single()
        #expect(try counts.decode(0, as: Int64.self) == counts.decode(1, as: Int64.self), "\(context): posting totals count every move")
    }

    /// Live payments and documents are exactly the acknowledged ones; no invoice is paid more than
    /// it asks, and no live payment is allocated to an annulled one.
    private func expectMoney(_ tally: Tally, on connection: Connection, _ context: String) throws {
        let payments = try connection.query("SELECT id, status FROM payments").map { row in
            (try row.decode(0, as: PaymentID.self), try row.decode(1, as: String.self))
        }
        #expect(Set(payments.filter { $0.1 == "posted" }.map(\.0)) == Set(tally.livePayments.keys), "\(context): posted payments")
        #expect(Set(payments.filter { $0.1 == "reversed" }.map(\.0)) == tally.reversedPayments, "\(context): reversed payments")
        let statementPayments = try connection.query("SELECT payment_id FROM bank_statement_lines WHERE payment_id IS NOT NULL")
            .map { row in try row.decode(0, as: PaymentID.self) }
        #expect(statementPayments.count == tally.statementPayments.count && Set(statementPayments) == tally.statementPayments,
                "\(context): one payment per imported statement line")
        let dismissed = try connection.query("SELECT count(*) FROM bank_statement_lines WHERE status = 'dismissed'").single()
            .decode(0, as: Int64.self)
        #expect(dismissed == Int64(tally.dismissedLines), "\(context): dismissed statement lines, less those reopened")
        try expectSupplierPayments(tally, on: connection, context)
        let documents = try connection.query("SELECT id FROM closing_documents WHERE status = 'issued'").map { row in
            try row.decode(0, as: DocumentID.self)
        }
        #expect(Set(documents) == Set(tally.liveDocuments.keys), "\(context): live documents")
        expectCorrectionChains(tally, context)

        var paidByInvoice: [DocumentID: Int64] = [:]
        for payment in tally.livePayments.values {
            let stored = try connection.query("""
                SELECT document_id, amount_minor FROM payment_allocations WHERE payment_id = \(payment.id) ORDER BY document_id
                """).map { row in Allocation(documentID: try row.decode(0, as: DocumentID.self), amount: Money(minorUnits: try row.decode(1, as: Int64.self))) }
            #expect(stored == payment.allocations, "\(context): payment \(payment.number) allocations")
            for allocation in payment.allocations { paidByInvoice[allocation.documentID, default: 0] += allocation.amount.minorUnits }
        }
        for (invoice, paid) in paidByInvoice {
            let document = tally.liveDocuments[invoice]
            #expect(document != nil, "\(context): a live payment is allocated to annulled document \(invoice)")
            // An invoice asks its amount plus what its order's live УКДs raised.
            let raised = tally.liveDocuments.values.filter { $0.type == .correction && $0.orderID == document?.orderID }
                .reduce(0) { $0 + max(0, $1.total.minorUnits) }
            if let document {
                #expect(paid <= document.total.minorUnits + raised, "\(context): \(document.number) paid \(paid) of \(document.total) + \(raised)")
            }
        }
    }

    /// Every live УКД starts from what its UPD and the earlier live УКДs of it left: replayed in
    /// issue order, each corrected line's "before" is the running state of that UPD line.
    private func expectCorrectionChains(_ tally: Tally, _ context: String) {
        var state: [String: [Int: DocumentLine]] = [:]
        for document in tally.liveDocuments.values.sorted(by: { $0.id.rawValue < $1.id.rawValue }) {
            if document.type == .upd {
                state[document.number] = Dictionary(uniqueKeysWithValues: document.content.lines.map { ($0.position, $0) })
            }
            guard document.type == .correction, let upd = document.content.correctedDocument?.number else { continue }
            #expect(state[upd] != nil, "\(context): \(document.number) corrects \(upd), which is not live")
            for line in document.content.corrections ?? [] {
                let running = state[upd]?[line.before.position]
                #expect(running?.qty == line.before.qty && running?.price == line.before.price && running?.gross == line.before.gross,
                        "\(context): \(document.number) line \(line.before.position) starts from a stale state")
                state[upd]?[line.before.position] = line.after
            }
        }
    }

    /// Money out in statements paid the supplier once per line, allocated as acknowledged, and the
    /// bill the lines raced for is never paid more than it asks.
    private func expectSupplierPayments(_ tally: Tally, on connection: Connection, _ context: String) throws {
        let stored = try connection.query("SELECT supplier_payment_id FROM bank_statement_lines WHERE supplier_payment_id IS NOT NULL")
            .map { row in try row.decode(0, as: SupplierPaymentID.self) }
        #expect(stored.count == tally.statementSupplierPayments.count && Set(stored) == Set(tally.statementSupplierPayments.keys),
                "\(context): one supplier payment per imported outgoing line")
        let all = try connection.query("SELECT count(*) FROM supplier_payments").single().decode(0, as: Int64.self)
        #expect(all == Int64(stored.count), "\(context): no supplier payment without its statement line")
        var paid: Int64 = 0
        for payment in tally.statementSupplierPayments.values {
            let allocations = try connection.query("""
                SELECT bill_id, amount_minor FROM supplier_payment_allocations WHERE payment_id = \(payment.id) ORDER BY bill_id
                """).map { row in
                BillAllocation(billID: try row.decode(0, as: SupplierBillID.self), amount: Money(minorUnits: try row.decode(1, as: Int64.self)))
            }
            #expect(allocations == payment.allocations, "\(context): supplier payment \(payment.number) allocations")
            paid += payment.allocations.reduce(0) { $0 + $1.amount.minorUnits }
        }
        let bill = try connection.query("SELECT amount_minor FROM supplier_bills").single().decode(0, as: Int64.self)
        let owed = tally.statementSupplierPayments.values.reduce(0) { $0 + $1.amount.minorUnits }
        #expect(paid == min(owed, bill), "\(context): oldest bills first, never over: paid \(paid) of the bill's \(bill), \(owed) paid out")
    }

    /// Each supplier order received exactly its acknowledged receipts, never more than ordered (the
    /// mix never allows an over-receipt), and its status follows from them.
    private func expectPurchases(_ tally: Tally, on connection: Connection, _ context: String) throws {
        let rows = try connection.query("""
            SELECT o.id, o.status, l.product_id, l.qty, l.received
            FROM purchase_orders o JOIN purchase_order_lines l ON l.order_id = o.id
            """)
        var complete: [PurchaseOrderID: Bool] = [:]
        var statuses: [PurchaseOrderID: String] = [:]
        for row in rows {
            let id = try row.decode(0, as: PurchaseOrderID.self), product = try row.decode(2, as: ProductID.self)
            let (ordered, received) = (try row.decode(3, as: Int64.self), try row.decode(4, as: Int64.self))
            #expect(received <= ordered, "\(context): order \(id) product \(product) received \(received) of \(ordered)")
            #expect(received == tally.receivedOnOrder[id]?[product] ?? 0, "\(context): order \(id) product \(product) received")
            #expect(tally.purchaseOrders[id]?[product] == ordered, "\(context): order \(id) was not placed as the tally says")
            complete[id] = (complete[id] ?? true) && received >= ordered
            statuses[id] = try row.decode(1, as: String.self)
        }
        for (id, status) in statuses {
            let expected = tally.cancelledPurchases.contains(id) ? "cancelled"
                : complete[id] == true ? "received" : tally.receivedOnOrder[id] == nil ? "ordered" : "partially_received"
            #expect(status == expected, "\(context): order \(id) is \(status)")
        }
    }

    /// Advance invoices are exactly the acknowledged ones, one per payment, each within its payment;
    /// what live UPDs offset of an advance never exceeds it, in amount or in VAT.
    private func expectAdvances(_ tally: Tally, on connection: Connection, _ context: String) throws {
        let stored = try connection.query("SELECT id, payment_id FROM advance_invoices").map { row in
            (try row.decode(0, as: AdvanceInvoiceID.self), try row.decode(1, as: PaymentID.self))
        }
        #expect(Dictionary(stored, uniquingKeysWith: { first, _ in first }) == tally.advanceInvoices, "\(context): advance invoices")
        #expect(Set(stored.map(\.1)).count == stored.count, "\(context): one advance invoice per payment")
        let beyond = try connection.query("""
            SELECT a.number FROM advance_invoices a JOIN payments p ON p.id = a.payment_id
            LEFT JOIN advance_offsets o ON o.advance_invoice_id = a.id
            LEFT JOIN closing_documents d ON d.id = o.document_id AND d.status = 'issued' AND d.type = 'upd'
            GROUP BY a.id, a.number, a.amount_minor, a.vat_minor, p.amount_minor
            HAVING a.amount_minor > p.amount_minor
                OR COALESCE(sum(o.amount_minor) FILTER (WHERE d.id IS NOT NULL), 0) > a.amount_minor
                OR COALESCE(sum(o.vat_minor) FILTER (WHERE d.id IS NOT NULL), 0) > a.vat_minor
            """).map { row in try row.decode(0, as: String.self) }
        #expect(beyond.isEmpty, "\(context): advances offset beyond their amount: \(beyond)")
        let offsetsOfOtherDocuments = try connection.query("""
            SELECT count(*) FROM advance_offsets o JOIN closing_documents d ON d.id = o.document_id WHERE d.type <> 'upd'
            """).single().decode(0, as: Int64.self)
        #expect(offsetsOfOtherDocuments == 0, "\(context): only UPDs offset advances")
    }

    /// Every number series is 1…n with nothing skipped or given twice, and holds exactly the
    /// numbers handed out before the run and by acknowledged operations.
    private func expectGaplessNumbers(_ tally: Tally, before: Snapshot, on connection: Connection, _ context: String) throws {
        for table in Snapshot.numberedTables {
            let stored = try Snapshot.numbers(in: table, connection)
            #expect(stored.sorted() == (before.numbers[table, default: []] + tally.numbers[table, default: []]).sorted(),
                    "\(context): numbers of \(table)")
            let series = Dictionary(grouping: stored) { String($0[..<($0.lastIndex(of: "-") ?? $0.endIndex)]) }
            for (prefix, numbers) in series {
                let sequence = numbers.compactMap { Int($0[$0.index(after: $0.lastIndex(of: "-")!)...]) }.sorted()
                #expect(sequence == Array(1...numbers.count), "\(context): series \(prefix) has gaps or repeats")
            }
        }
    }
}

/// What the database held before the run.
struct Snapshot {
    static let numberedTables = ["stock_documents", "sales_orders", "shipments", "sales_returns", "closing_documents", "payments",
                                 "purchase_orders", "supplier_returns", "supplier_payments", "advance_invoices"]

    var onHand: [Place: Int64]
    var numbers: [String: [String]]
    /// The quantity the revenue aggregate holds per product.
    var aggregated: [ProductID: Int64]

    init(_ connection: Connection) throws {
        onHand = try Self.levels(connection).mapValues(\.onHand)
        aggregated = try Self.aggregated(connection)
        numbers = [:]
        for table in Self.numberedTables { numbers[table] = try Self.numbers(in: table, connection) }
    }

    static func levels(_ connection: Connection) throws -> [Place: (onHand: Int64, reserved: Int64)] {
        var levels: [Place: (onHand: Int64, reserved: Int64)] = [:]
        for row in try connection.query("SELECT product_id, warehouse_id, on_hand, reserved FROM stock_levels") {
            levels[Place(product: try row.decode(0, as: ProductID.self), warehouse: try row.decode(1, as: WarehouseID.self))] =
                (try row.decode(2, as: Int64.self), try row.decode(3, as: Int64.self))
        }
        return levels
    }

    static func aggregated(_ connection: Connection) throws -> [ProductID: Int64] {
        var quantities: [ProductID: Int64] = [:]
        for row in try connection.query("SELECT product_id, sum(qty)::bigint FROM sales_revenue_hours GROUP BY 1") {
            quantities[try row.decode(0, as: ProductID.self)] = try row.decode(1, as: Int64.self)
        }
        return quantities
    }

    static func numbers(in table: String, _ connection: Connection) throws -> [String] {
        let query: PostgresQuery = switch table {
        case "stock_documents": "SELECT number FROM stock_documents WHERE number IS NOT NULL"
        case "sales_orders": "SELECT number FROM sales_orders"
        case "shipments": "SELECT number FROM shipments"
        case "sales_returns": "SELECT number FROM sales_returns"
        case "closing_documents": "SELECT number FROM closing_documents"
        case "purchase_orders": "SELECT number FROM purchase_orders"
        case "supplier_returns": "SELECT number FROM supplier_returns"
        case "supplier_payments": "SELECT number FROM supplier_payments"
        case "advance_invoices": "SELECT number FROM advance_invoices"
        default: "SELECT number FROM payments"
        }
        return try connection.query(query).map { row in try row.decode(0, as: String.self) }
    }
}
