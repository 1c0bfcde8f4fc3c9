// The catalog of the demo company: the category tree, then products expanded from the product
// families (every family represented, then sizes and brands round-robin until the plan's count),
// priced in "nice" roubles with VAT, barcoded with EAN-13 where goods carry one, and during the
// history an occasional supplier price rise passed on to the catalog.

import Catalog
import ERPCore

/// Creates the categories and products; raises some prices at the start of each month.
final class CatalogStep: DemoStep {
    let title = "catalog"

    init() {}

    func setUp(_ demo: DemoState) throws {
        let owner = demo.company.owner
        var categories: [String: CategoryID] = [:]
        for (root, children) in DemoCatalogData.tree {
            let parent = try demo.catalog.create(NewCategory(name: root), by: owner, on: demo.connection)
            demo.tally.categories += 1
            for child in children {
                categories[child.prefix] = try demo.catalog.create(NewCategory(name: child.name, parentID: parent.id),
                                                                   by: owner, on: demo.connection).id
                demo.tally.categories += 1
            }
        }
        var barcodes = Set<String>()
        var serial: [String: Int] = [:]
        for (family, variant, brand) in chosen(&demo.random, count: demo.plan.products) {
            serial[family.category, default: 0] += 1
            let sku = family.category + "-" + String(10_000 + (serial[family.category] ?? 0)).dropFirst()
            let name = [family.name, brand, family.variants[variant]].compactMap { $0 }.joined(separator: " ")
            let price = Self.price(family, variant: variant, brand: brand, using: &demo.random)
            let goods = family.kind == .goods
            var codes: [String] = []
            if goods && ["pcs", "set", "pack"].contains(family.unit) {
                codes.append(DemoRequisites.ean13(using: &demo.random, taken: &barcodes))
                if demo.random.chance(8) { codes.append(DemoRequisites.ean13(using: &demo.random, taken: &barcodes)) }
            }
            let product = try demo.catalog.create(NewProduct(
                sku: sku, name: name, unit: family.unit, kind: family.kind, barcodes: codes, categoryID: categories[family.category],
                price: Money(minorUnits: price), vatRate: family.vat,
                minStock: goods ? try Quantity(whole: Int64(family.saleMax) * 2) : nil), by: owner, on: demo.connection)
            let net = price * 10_000 / (10_000 + (family.vat.basisPoints ?? 0))
            let consumable = ["FS", "AN", "DM", "AC", "SH", "CB", "PA", "SE"].contains(family.category)
            demo.products.append(DemoProduct(
                id: product.id, sku: sku, name: name, kind: family.kind, category: family.category, price: product.price,
                cost: net * Int64(demo.random.int(in: 60...75)) / 100,
                weight: Int64(demo.random.int(in: 10...100)) * (consumable ? 3 : 1),
                step: ["kg": 100, "m": 500, "l": 500][family.unit] ?? 1_000, saleMax: Int64(family.saleMax),
                version: product.version))
            demo.tally.products += 1
        }
    }

    /// A supplier's price rise at the start of a month: a few goods up by 3–8 %, in cost and price.
    func day(_ demo: DemoState) throws {
        guard demo.clock.isMonthStart else { return }
        let accountant = demo.company.accountant
        for index in demo.products.indices where demo.products[index].isGoods && demo.random.chance(6) {
            demo.tick()
            let percent = Int64(demo.random.int(in: 3...8))
            let product = demo.products[index]
            let price = Self.nice(product.price.minorUnits * (100 + percent) / 100)
            let changed = try demo.catalog.update(product.id, with: ProductChanges(version: product.version, price: Money(minorUnits: price)),
                                                  by: accountant, on: demo.connection)
            demo.products[index].price = changed.price
            demo.products[index].version = changed.version
            demo.products[index].cost = product.cost * (100 + percent) / 100
            demo.tally.priceChanges += 1
        }
    }

    /// Every service, and goods from every family in turn (a random size and brand each time)
    /// until `count` products in all; in family order, so SKUs run through the categories.
    private func chosen(_ random: inout DemoRandom, count: Int) -> [(ProductFamily, Int, String?)] {
        let families = DemoCatalogData.families
        var pools: [[(Int, String?)]] = families.map { family in
            let brands: [String?] = family.brands.isEmpty ? [nil] : family.brands
            let members = family.variants.indices.flatMap { variant in brands.map { (variant, $0) } }
            return random.sample(members, count: members.count)
        }
        var picked = Array(repeating: [(Int, String?)](), count: families.count)
        var remaining = count
        for (index, family) in families.enumerated() where family.kind == .service {
            picked[index] = pools[index]
            remaining -= pools[index].count
            pools[index] = []
        }
        while remaining > 0, pools.contains(where: { !$0.isEmpty }) {
            for index in pools.indices where remaining > 0 && !pools[index].isEmpty {
                picked[index].append(pools[index].removeLast())
                remaining -= 1
            }
        }
        return families.indices.flatMap { index in
            picked[index].sorted { ($0.0, $0.1 ?? "") < ($1.0, $1.1 ?? "") }.map { (families[index], $0.0, $0.1) }
        }
    }

    /// The price in kopecks: along the family's band by size, the first brands dearer, ±4 %.
    private static func price(_ family: ProductFamily, variant: Int, brand: String?, using random: inout DemoRandom) -> Int64 {
        let low = Int64(family.price.lowerBound), high = Int64(family.price.upperBound)
        let steps = Int64(max(1, family.variants.count - 1))
        var roubles = low + (high - low) * Int64(variant) / steps
        if let brand, let position = family.brands.firstIndex(of: brand), family.brands.count > 1 {
            roubles = roubles * (115 - 30 * Int64(position) / Int64(family.brands.count - 1)) / 100
        }
        roubles = roubles * Int64(random.int(in: 96...104)) / 100
        return nice(max(1, roubles) * 100)
    }

    /// Prices as shops write them: 3 490 ₽ above a thousand, 489 ₽ above a hundred, whole roubles below.
    static func nice(_ kopecks: Int64) -> Int64 {
        let roubles = (kopecks + 99) / 100
        switch roubles {
        case 1_000...: return ((roubles + 99) / 100 * 100 - 10) * 100
        case 100...: return ((roubles + 9) / 10 * 10 - 1) * 100
        default: return roubles * 100
        }
    }
}
