import Catalog
import ERPCore
import Foundation
import Parties
import Postgres
import Sales
import Synchronization
import Testing
import TestShop
import TestSupport
import Warehouse

@testable import Integrations

/// The change feed: what the modules record, in which order, and who sees what (issue #21).
@Suite("ChangeFeed")
struct ChangeFeedTests {
    static let feed = IntegrationsService(time: .fixed(TestShop.now))

    /// Every event of `types` `principal` sees from the beginning.
    static func events(_ shop: TestShop, _ types: [ChangeEventType]? = nil, by principal: Principal? = nil,
                       since: String? = nil) throws -> [ChangeEvent] {
        try feed.changes(ChangeFeedRequest(since: since, types: types, limit: 500), by: principal ?? shop.owner, on: shop.connection).items
    }

    @Test func anOrdersLifeAndTheStockItFreesAppearInCommitOrder() throws {
        let shop = try TestShop()
        let sales = shop.sales()
        let draft = try sales.create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                              lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(3))]), by: shop.manager, on: shop.connection)
        _ = try sales.confirm(draft.id, by: shop.manager, on: shop.connection)
        _ = try sales.ship(draft.id, by: shop.keeper, on: shop.connection)
        let events = try Self.events(shop, [.orderCreated, .orderConfirmed, .orderShipped, .stockAvailableChanged])
        let ofOrder = events.filter { $0.entity == "order" }
        #expect(ofOrder.map(\.type) == [.orderCreated, .orderConfirmed, .orderShipped])
        #expect(ofOrder.allSatisfy { $0.entityID == draft.id.rawValue })
        // The receipt made 10 available, the confirmation 7; shipping reserved goods changes nothing available.
        let hammers = events.filter { $0.type == .stockAvailableChanged && $0.entityID == shop.hammer.id.rawValue }
        #expect(hammers.map { $0.data["available"] } == [.string("10.000"), .string("7.000")])
        #expect(events.map(\.id) == events.map(\.id).sorted())
    }

    @Test func aCursorContinuesAfterTheLastEventAndStaysPutWhenNothingIsNew() throws {
        let shop = try TestShop()
        let first = try Self.feed.changes(ChangeFeedRequest(limit: 2), by: shop.owner, on: shop.connection)
        #expect(first.items.count == 2)
        let rest = try Self.events(shop, since: first.nextCursor)
        #expect(rest.first?.id == first.items[1].id + 1)
        let end = try Self.feed.changes(ChangeFeedRequest(since: String(rest.last!.id)), by: shop.owner, on: shop.connection)
        #expect(end.items.isEmpty && end.nextCursor == String(rest.last!.id))
    }

    @Test func aManagersFeedExcludesOtherManagersClients() throws {
        let shop = try TestShop()
        let sales = shop.sales()
        let mine = try sales.create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                             lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(1))]), by: shop.manager, on: shop.connection)
        _ = try sales.create(NewOrder(clientID: shop.otherClient.id, warehouseID: shop.main.id,
                                      lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(1))]), by: shop.otherManager, on: shop.connection)
        let annas = try Self.events(shop, [.orderCreated, .partyChanged], by: shop.manager)
        #expect(annas.filter { $0.type == .orderCreated }.map(\.entityID) == [mine.id.rawValue])
        #expect(annas.filter { $0.type == .partyChanged }.map(\.entityID) == [shop.client.id.rawValue])
        // What is no client's business (stock, products) everyone who reads it sees.
        #expect(try Self.events(shop, [.productChanged], by: shop.manager).count == 3)
        #expect(try Self.events(shop, [.orderCreated], by: shop.owner).count == 2)
    }

    @Test func aReaderIsRefusedTypesItsRoleMayNotReadAndUnknownTypes() throws {
        let shop = try TestShop()
        #expect(throws: ERPError.self) { try Self.events(shop, [.paymentReceived], by: shop.keeper) }
        // Without types, a storekeeper's feed simply leaves out what they may not read.
        #expect(try Self.events(shop, by: shop.keeper).allSatisfy { $0.type.permission != .readPayments })
        #expect(throws: ERPError.validationFailed(fields: ["types": "unknown event types: order.lost; known: "
            + ChangeEventType.allCases.map(\.rawValue).joined(separator: ", ")])) {
            try ChangeFeedRequest.types(parsing: "order.confirmed,order.lost")
        }
        #expect(throws: ERPError.self) { try Self.events(shop, since: "-1") }
    }

    /// Two transactions commit in the opposite order to the one their events were numbered in; a
    /// reader polling in between must not pass the first one's id, and sees both once it commits.
    @Test func theFeedNeverSkipsAnEventWhoseTransactionCommitsLater() throws {
        let shop = try TestShop()
        let start = try Self.events(shop).last!.id
        let (recorded, release) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        let slow = try shop.db.connect()
        let event = NewChangeEvent(.productChanged, entity: "product", id: shop.hammer.id, data: .object([:]))
        Threads.run(2) { party in
            if party == 0 {
                // The slow writer takes the lower id and holds its transaction open.
                try! slow.transaction { tx in
                    try ChangeEvents.record(event, in: tx)
                    // The event is a tail write: a statement sends it (and draws its id) now.
                    try tx.query("SELECT 1")
                    recorded.signal()
                    release.wait()
                }
                return
            }
            recorded.wait()
            let fast = try! shop.db.connect()
            try! fast.transaction { tx in try ChangeEvents.record(event, in: tx) }
            // The later id is committed, the earlier one is not: the reader must not pass it.
            let between = try! Self.feed.changes(ChangeFeedRequest(since: String(start)), by: shop.owner, on: fast)
            #expect(between.items.isEmpty)
            #expect(between.nextCursor == String(start))
            release.signal()
        }
        let after = try Self.events(shop, since: String(start))
        #expect(after.map(\.id) == [start + 1, start + 2])
    }
}
