import Catalog
import ERPCore
import Foundation
import Postgres
import Sales
import Synchronization
import Testing
import TestShop
import TestSupport

@testable import Integrations

/// Webhooks delivered to the example receiver (examples/shop_sync.py, Python's own HMAC): nothing
/// lost while it is down, in order, each event once by id, signatures that verify (issue #21).
@Suite("WebhookDelivery")
struct WebhookDeliveryTests {
    static let secret = "a-secret-of-the-shop-42"
    static let types = ["order.created", "order.confirmed", "order.cancelled", "stock.available_changed"]

    /// A clock the test moves.
    final class Clock: Sendable {
        let date = Mutex(TestShop.now)
        var time: TimeSource { TimeSource { self.date.withLock { $0 } } }
        func advance(_ seconds: TimeInterval) { date.withLock { $0 += seconds } }
    }

    /// The example receiver on `port`, logging to `log`.
    static func receiver(port: Int, log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [RepositoryFiles.root.appendingPathComponent("examples/shop_sync.py").path, "receive", String(port), secret, log]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        _ = output.fileHandleForReading.availableData  // "listening": the socket is bound
        return process
    }

    static func freePort() -> Int { Int.random(in: 30_000...45_000) }

    static func logged(_ log: String) throws -> [(id: Int64, type: String)] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return ((object["id"] as? NSNumber)?.int64Value ?? 0, object["type"] as? String ?? "")
        }
    }

    @Test func aReceiverThatWasDownGetsEveryEventOnceInOrderWhenItComesBack() throws {
        let shop = try TestShop()
        let clock = Clock()
        let port = Self.freePort()
        let service = IntegrationsService(time: clock.time)
        let hook = try service.addWebhook(NewWebhook(url: "http://127.0.0.1:\(port)/hooks", events: Self.types, secret: Self.secret),
                                          by: shop.owner, on: shop.connection)
        let sales = shop.sales()
        let order = try sales.create(NewOrder(clientID: shop.client.id, warehouseID: shop.main.id,
                                              lines: [NewOrderLine(productID: shop.hammer.id, qty: pcs(2))]), by: shop.manager, on: shop.connection)
        _ = try sales.confirm(order.id, by: shop.manager, on: shop.connection)
        _ = try sales.cancel(order.id, by: shop.manager, on: shop.connection)
        let deliverer = WebhookDeliverer(poster: WebhookPoster(allowedHosts: [], timeout: 2), time: clock.time, batch: 2)
        // Down: one failed attempt, logged; not due again until the backoff has passed.
        #expect(try deliverer.deliverDue(on: shop.connection) == 0)
        #expect(try deliverer.deliverDue(on: shop.connection) == 0)
        let failed = try service.deliveries(of: hook.id, by: shop.owner, on: shop.connection)
        #expect(failed.count == 1 && failed[0].ok == false && failed[0].statusCode == nil)
        #expect(try service.webhooks(by: shop.owner, on: shop.connection)[0].failures == 1)

        let log = FileManager.default.temporaryDirectory.appendingPathComponent("hooks-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let receiver = try Self.receiver(port: port, log: log)
        // SIGKILL: the test process may block SIGTERM, and a child inherits that mask.
        defer { kill(receiver.processIdentifier, SIGKILL); receiver.waitUntilExit() }
        clock.advance(2)
        var delivered = 0
        for _ in 0..<10 { delivered += try deliverer.deliverDue(on: shop.connection) }
        let expected = try ChangeFeedTests.events(shop, Self.types.compactMap(ChangeEventType.init(rawValue:)), since: String(hook.position))
        #expect(delivered == expected.count && expected.count == 5)
        #expect(try Self.logged(log).map(\.id) == expected.map(\.id))
        // Within a transaction, in the order the change was made: the reservation, then the order's new status.
        #expect(try Self.logged(log).map(\.type) == ["order.created", "stock.available_changed", "order.confirmed",
                                                    "stock.available_changed", "order.cancelled"])
        // At least once: a repeated event is acknowledged and the receiver keeps one copy.
        let first = try ERPJSON.encode(expected[0])
        let repeated = WebhookPoster(allowedHosts: []).post(first, to: hook.url, headers: [
            ("X-ERP-Event-Id", String(expected[0].id)),
            ("X-ERP-Signature", "sha256=" + HMACSHA256.hex(key: Array(Self.secret.utf8), message: first)),
        ])
        #expect(repeated.statusCode == 200)
        #expect(try Self.logged(log).count == 5)
        // A body signed with another secret does not verify.
        let forged = WebhookPoster(allowedHosts: []).post(first, to: hook.url, headers: [
            ("X-ERP-Event-Id", String(expected[0].id)), ("X-ERP-Signature", "sha256=" + HMACSHA256.hex(key: Array("x".utf8), message: first)),
        ])
        #expect(forged.statusCode == 401)
        let webhook = try service.webhooks(by: shop.owner, on: shop.connection)[0]
        #expect(webhook.position == expected.last!.id && webhook.failures == 0)
    }

    @Test func aSubscriptionFailingForADayIsDisabled() throws {
        let shop = try TestShop()
        let clock = Clock()
        let service = IntegrationsService(time: clock.time)
        _ = try service.addWebhook(NewWebhook(url: "http://127.0.0.1:\(Self.freePort())/", events: ["product.changed"], secret: Self.secret),
                                   by: shop.owner, on: shop.connection)
        _ = try CatalogTestProduct.add(shop)
        let deliverer = WebhookDeliverer(poster: WebhookPoster(allowedHosts: [], timeout: 1), time: clock.time)
        try deliverer.deliverDue(on: shop.connection)
        clock.advance(25 * 3600)
        try deliverer.deliverDue(on: shop.connection)
        let hook = try service.webhooks(by: shop.owner, on: shop.connection)[0]
        #expect(hook.status == "disabled" && hook.failures == 2)
    }

    @Test func refusedSubscriptionsChangeNothing() throws {
        let shop = try TestShop()
        let service = IntegrationsService(time: .fixed(TestShop.now), webhookHosts: ["hooks.example.ru"])
        func refused(_ command: NewWebhook, by principal: Principal? = nil) -> ERPError? {
            do {
                _ = try service.addWebhook(command, by: principal ?? shop.owner, on: shop.connection)
                return nil
            } catch {
                return error
            }
        }
        let good = NewWebhook(url: "http://127.0.0.1:9/x", events: ["order.confirmed"], secret: Self.secret)
        #expect(refused(good, by: shop.manager) == .forbidden(action: Permission.manageWebhooks.phrase))
        var other = good
        other.url = "http://10.0.0.7/hooks"
        #expect(refused(other)?.fieldNames == ["url"])
        other.url = "https://127.0.0.1/hooks"
        #expect(refused(other)?.fieldNames == ["url"])
        other.url = good.url
        other.events = ["order.confirmed", "order.lost"]
        #expect(refused(other)?.fieldNames == ["events"])
        other.events = good.events
        other.secret = "short"
        #expect(refused(other)?.fieldNames == ["secret"])
        #expect(try service.webhooks(by: shop.owner, on: shop.connection).isEmpty)
        // A listed host is accepted by name (it is checked again, resolved, at each delivery).
        other = good
        other.url = "http://hooks.example.ru:8080/erp"
        #expect(refused(other) == nil)
        #expect(throws: ERPError.self) { try service.webhooks(by: shop.keeper, on: shop.connection) }
    }
}

extension ERPError {
    /// The fields a `validation_failed` names, sorted; nil for any other error.
    var fieldNames: [String]? {
        guard case .validationFailed(let fields) = self else { return nil }
        return fields.keys.sorted()
    }
}

/// A product added through the catalog (a `product.changed` event).
enum CatalogTestProduct {
    static func add(_ shop: TestShop) throws -> Int64 {
        try CatalogService(time: .fixed(TestShop.now)).create(NewProduct(sku: "SAW-1", name: "Пила", unit: "pcs", price: Money("900.00")!,
                                                                          vatRate: .percent20), by: shop.owner, on: shop.connection).id.rawValue
    }
}
