// A product's prices by price type, with history, and its minimum price. A new price is a new row
// valid from a day (`prices_valid_from`, default today), so the price on any date can be answered
// and an order taken last month still explains its price. The product resource shows the prices in
// force today as `prices: {"<type code>": "…"}`, and the floor as `min_price` / `min_price_at_cost`.

import ERPCore
import Foundation
import Postgres

/// A product's minimum price: a fixed floor, "not below average cost", or both (the higher wins).
package struct PriceFloor: Sendable, Equatable {
    /// The fixed floor, if any.
    package var floor: Money?
    /// Whether a line must not go below the average cost at the order's warehouse.
    package var atCost: Bool

    /// Whether this floor refuses anything at all.
    var isEmpty: Bool { (floor == nil || floor?.isZero == true) && !atCost }
}

/// The price rules of products; `Products` calls them when a product is created or changed.
package enum ProductTypePrices {
    /// Each product's price of each type in force on `day`, keyed by type code.
    /// - Throws: `PostgresError`.
    package static func prices(of ids: [ProductID], on day: CalendarDate, in tx: Transaction) throws -> [ProductID: [String: Money]] {
        guard !ids.isEmpty else { return [:] }
        var prices: [ProductID: [String: Money]] = [:]
        for row in try tx.query("""
            SELECT DISTINCT ON (tp.product_id, tp.price_type_id) tp.product_id, t.code, tp.price_minor
            FROM product_type_prices tp JOIN price_types t ON t.id = tp.price_type_id
            WHERE tp.product_id = ANY(\(ids.map(\.rawValue))) AND tp.valid_from <= \(day.description)::date
            ORDER BY tp.product_id, tp.price_type_id, tp.valid_from DESC, tp.id DESC
            """) {
            prices[try row.decode(0, as: ProductID.self), default: [:]][try row.decode(1, as: String.self)] =
                Money(minorUnits: try row.decode(2, as: Int64.self))
        }
        return prices
    }

    /// Each product's price of type `type` in force on `day` (products without one are absent).
    /// - Throws: `PostgresError`.
    package static func prices(of ids: [ProductID], type: PriceTypeID, on day: CalendarDate, in tx: Transaction) throws -> [ProductID: Money] {
        guard !ids.isEmpty else { return [:] }
        var prices: [ProductID: Money] = [:]
        for row in try tx.query("""
            SELECT DISTINCT ON (product_id) product_id, price_minor FROM product_type_prices
            WHERE product_id = ANY(\(ids.map(\.rawValue))) AND price_type_id = \(type) AND valid_from <= \(day.description)::date
            ORDER BY product_id, valid_from DESC, id DESC
            """) {
            prices[try row.decode(0, as: ProductID.self)] = Money(minorUnits: try row.decode(1, as: Int64.self))
        }
        return prices
    }

    /// The minimum price of each product that has one.
    /// - Throws: `PostgresError`.
    package static func floors(of ids: [ProductID], in tx: Transaction) throws -> [ProductID: PriceFloor] {
        guard !ids.isEmpty else { return [:] }
        var floors: [ProductID: PriceFloor] = [:]
        for row in try tx.query("""
            SELECT product_id, floor_minor, at_cost FROM product_price_floors WHERE product_id = ANY(\(ids.map(\.rawValue)))
            """) {
            floors[try row.decode(0, as: ProductID.self)] = PriceFloor(
                floor: try row.decode(1, as: Int64?.self).map { Money(minorUnits: $0) }, atCost: try row.decode(2, as: Bool.self))
        }
        return floors
    }

    /// `products` with their prices on `day` and their floors filled in.
    /// - Throws: `PostgresError`.
    static func attach(to products: [Product], on day: CalendarDate, in tx: Transaction) throws -> [Product] {
        let ids = products.map(\.id)
        let prices = try prices(of: ids, on: day, in: tx)
        let floors = try floors(of: ids, in: tx)
        let breaks = try QuantityBreaks.all(of: ids, in: tx)
        let rates = try vatRates(of: ids, on: day, in: tx)
        return products.map { product in
            var product = product
            product.vatRate = rates[product.id] ?? product.vatRate
            product.prices = prices[product.id] ?? [:]
            product.minPrice = floors[product.id]?.floor
            product.minPriceAtCost = floors[product.id]?.atCost ?? false
            product.quantityBreaks = breaks[product.id] ?? []
            return product
        }
    }

    /// The VAT rate in force on `day` for each product's category (the caller's clock, not the database's).
    /// - Throws: `PostgresError`.
    private static func vatRates(of ids: [ProductID], on day: CalendarDate, in tx: Transaction) throws -> [ProductID: VATRate] {
        var rates: [ProductID: VATRate] = [:]
        for row in try tx.query("""
            SELECT id, vat_rate_in_force(vat_rate, \(day.description)::date)::bigint FROM products
            WHERE id = ANY(\(ids.map(\.rawValue)))
            """) {
            rates[try row.decode(0, as: ProductID.self)] = try Product.vatRate(row, 1)
        }
        return rates
    }

    /// Checks a command's `prices` (known type codes, amounts in roubles, not negative) and returns
    /// them by type id, recording every problem under `prices.<code>`.
    /// - Throws: `PostgresError`.
    static func validate(_ prices: [String: Money], types: [PriceType], problems: inout FieldErrors) -> [(PriceTypeID, Money)] {
        let byCode = Dictionary(uniqueKeysWithValues: types.map { ($0.code, $0.id) })
        var valid: [(PriceTypeID, Money)] = []
        for (code, price) in prices.sorted(by: { $0.key < $1.key }) {
            guard let id = byCode[code] else {
                let known = types.map(\.code).joined(separator: ", ")
                problems.add("prices.\(code)", "'\(code)' is not a price type (\(known.isEmpty ? "none exist yet" : "one of \(known)"))")
                continue
            }
            if price.isNegative { problems.add("prices.\(code)", "must not be negative") }
            if price.currency != .default { problems.add("prices.\(code)", "must be in \(Currency.default.code)") }
            valid.append((id, price))
        }
        return valid
    }

    /// Appends `prices` of product `id`, valid from `day`, to the history and audits
    /// `product.prices`; a price equal to the one already in force that day is not repeated.
    /// - Throws: `PostgresError`.
    static func record(_ prices: [(PriceTypeID, Money)], of id: ProductID, validFrom day: CalendarDate, by principal: Principal,
                       at now: Date, in tx: Transaction) throws {
        try record(prices.map { (id, $0.0, $0.1) }, validFrom: day, by: principal, at: now, in: tx)
    }

    /// Appends many products' prices, valid from `day`, in one statement (an import's), leaving
    /// out each price equal to the one in force that day, and audits `product.prices` per product.
    /// - Throws: `PostgresError`.
    static func record(_ entries: [(ProductID, PriceTypeID, Money)], validFrom day: CalendarDate, by principal: Principal,
                       at now: Date, in tx: Transaction) throws {
        guard !entries.isEmpty else { return }
        let actorID: Int64? = principal.isSystem ? nil : principal.userID.rawValue
        let rows = try tx.query("""
            INSERT INTO product_type_prices (product_id, price_type_id, price_minor, valid_from, changed_at, changed_by, changed_by_login)
            SELECT r.p, r.t, r.m, \(day.description)::date, \(now), \(actorID), \(principal.login)
            FROM unnest(\(entries.map(\.0.rawValue))::bigint[], \(entries.map(\.1.rawValue))::bigint[],
                        \(entries.map(\.2.minorUnits))::bigint[]) AS r(p, t, m)
            WHERE r.m IS DISTINCT FROM (
                SELECT tp.price_minor FROM product_type_prices tp
                WHERE tp.product_id = r.p AND tp.price_type_id = r.t AND tp.valid_from <= \(day.description)::date
                ORDER BY tp.valid_from DESC, tp.id DESC LIMIT 1)
            RETURNING product_id, price_type_id, price_minor
            """)
        var changed: [ProductID: [String: JSONValue]] = [:]
        for row in rows {
            changed[try row.decode(0, as: ProductID.self), default: [:]][String(try row.decode(1, as: Int64.self))] =
                .string(Money(minorUnits: try row.decode(2, as: Int64.self)).description)
        }
        guard !changed.isEmpty else { return }
        let audited = changed.sorted { $0.key < $1.key }.map { id, prices in
            (entityID: id, change: AuditChange(.object(["valid_from": .string(day.description), "price_type_ids": .object(prices)])))
        }
        try Audit.record(in: tx, by: principal, action: "product.prices", entityType: "product", changes: audited)
    }

    /// Sets product `id`'s minimum price (a zero floor and no `atCost` remove it).
    /// - Throws: `PostgresError`.
    static func setFloor(_ floor: PriceFloor, of id: ProductID, in tx: Transaction) throws {
        if floor.isEmpty {
            try tx.query("DELETE FROM product_price_floors WHERE product_id = \(id)")
            return
        }
        try tx.query("""
            INSERT INTO product_price_floors (product_id, floor_minor, at_cost) VALUES (\(id), \(floor.floor?.minorUnits), \(floor.atCost))
            ON CONFLICT (product_id) DO UPDATE SET floor_minor = EXCLUDED.floor_minor, at_cost = EXCLUDED.at_cost
            """)
    }
}

/// A create's or change's price fields after validation: what `apply` writes.
struct ProductPriceChanges {
    var prices: [(PriceTypeID, Money)]
    var validFrom: CalendarDate
    var minPrice: Money?
    var minPriceAtCost: Bool?
    var quantityBreaks: [(PriceTypeID?, Quantity, Money)]?

    /// Checks the price fields of a command for a product sold in `unit` (a code that exists),
    /// reporting every problem at once.
    /// - Throws: `ERPError.validationFailed`; `PostgresError`.
    static func validate(prices: [String: Money]?, validFrom: CalendarDate?, minPrice: Money?, minPriceAtCost: Bool?,
                         quantityBreaks: [QuantityBreak]?, unit: String, today: CalendarDate,
                         in tx: Transaction) throws -> ProductPriceChanges {
        var problems = FieldErrors()
        let types = prices?.isEmpty == false || quantityBreaks?.isEmpty == false ? try PriceTypes.all(in: tx) : []
        let valid = ProductTypePrices.validate(prices ?? [:], types: types, problems: &problems)
        var breaks: [(PriceTypeID?, Quantity, Money)]?
        if let quantityBreaks {
            let row = try tx.query("SELECT code, name, fractions_allowed FROM units WHERE code = \(unit)").single()
            let measure = try UnitOfMeasure(row: row)
            breaks = QuantityBreaks.validate(quantityBreaks, types: types, unit: measure, problems: &problems)
        }
        if let validFrom { CalendarDate.checkEntered(validFrom, field: "prices_valid_from", today: today, problems: &problems) }
        if let minPrice, minPrice.isNegative || minPrice.currency != .default {
            problems.add("min_price", "must be an amount in \(Currency.default.code), not negative")
        }
        try problems.throwIfAny()
        return ProductPriceChanges(prices: valid, validFrom: validFrom ?? today, minPrice: minPrice, minPriceAtCost: minPriceAtCost,
                                   quantityBreaks: breaks)
    }

    /// Writes the prices, the quantity breaks when given and, when either floor field was given,
    /// the floor of product `id`.
    /// - Throws: `PostgresError`.
    func apply(to id: ProductID, by principal: Principal, at now: Date, in tx: Transaction) throws {
        try ProductTypePrices.record(prices, of: id, validFrom: validFrom, by: principal, at: now, in: tx)
        if let quantityBreaks { try QuantityBreaks.replace(quantityBreaks, of: id, by: principal, in: tx) }
        guard minPrice != nil || minPriceAtCost != nil else { return }
        let current = try ProductTypePrices.floors(of: [id], in: tx)[id]
        let floor = PriceFloor(floor: minPrice.map { $0.isZero ? nil : $0 } ?? current?.floor,
                               atCost: minPriceAtCost ?? current?.atCost ?? false)
        try ProductTypePrices.setFloor(floor, of: id, in: tx)
    }
}

extension ProductTypePrices {
    /// Writes the type prices (valid from today) and minimum prices of an import's rows, after the
    /// products themselves are written; the header has already been checked for unknown types.
    /// - Throws: `ERPError.validationFailed` naming `line N, price:<code>` or `min_price` for a
    ///   negative amount (the import's transaction is rolled back); `PostgresError`.
    static func write(_ rows: [(command: NewProduct, line: Int)], by principal: Principal, at now: Date, in tx: Transaction) throws {
        let priced = rows.filter { $0.command.prices != nil || $0.command.minPrice != nil }
        guard !priced.isEmpty else { return }
        var problems = FieldErrors()
        for (command, line) in priced {
            for (code, price) in command.prices ?? [:] where price.isNegative {
                problems.add("line \(line), \(ProductTransfer.pricePrefix)\(code)", "must not be negative")
            }
            if command.minPrice?.isNegative == true { problems.add("line \(line), min_price", "must not be negative") }
        }
        try problems.throwIfAny()
        let products = try Products.fetch(skus: priced.compactMap(\.command.sku), lock: false, in: tx)
        let types = Dictionary(uniqueKeysWithValues: try PriceTypes.all(in: tx).map { ($0.code, $0.id) })
        var entries: [(ProductID, PriceTypeID, Money)] = []
        var floors: [(ProductID, Money)] = []
        for (command, _) in priced {
            guard let id = products[(command.sku ?? "").lowercased()]?.id else { continue }
            for (code, price) in command.prices ?? [:] {
                if let type = types[code] { entries.append((id, type, price)) }
            }
            if let floor = command.minPrice { floors.append((id, floor)) }
        }
        try record(entries, validFrom: try CompanyCalendar.day(of: now, in: tx), by: principal, at: now, in: tx)
        let current = try self.floors(of: floors.map(\.0), in: tx)
        for (id, floor) in floors where floor != current[id]?.floor ?? .zero() {
            try setFloor(PriceFloor(floor: floor.isZero ? nil : floor, atCost: current[id]?.atCost ?? false), of: id, in: tx)
        }
    }
}
