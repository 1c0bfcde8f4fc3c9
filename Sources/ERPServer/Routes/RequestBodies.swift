// The request bodies of the catalog, party, warehouse and stock document routes: each command
// struct's JSON fields with their types, bounds and formats. `RequestContext.decode` enforces
// them and `/openapi.json` publishes them (BodySchema.swift has the rules). Lengths follow the
// database's named `*_length` constraints, so a refusal names the API field, not a constraint.

import Catalog
import ERPCore
import Warehouse

extension BodySchema {
    // MARK: Catalog

    private static let productFields: [String: JSONValue] = [
        "sku": nonEmpty(line(64)), "name": nonEmpty(line(300)), "unit": nonEmpty(line(16)),
        "kind": enumeration(ProductKind.self), "barcodes": array(nonEmpty(line(64)), maxItems: 100),
        "category_id": id, "price": decimal, "vat_rate": words(VATRate.allCases.map(\.description)), "min_stock": decimal,
        "prices": map(decimal), "prices_valid_from": date, "min_price": decimal, "min_price_at_cost": boolean,
        "max_stock": decimal, "preferred_supplier_id": id, "pack_size": decimal,
        "quantity_breaks": array(object(["price_type": line(32), "min_qty": decimal, "price": decimal], required: ["min_qty", "price"]),
                                 maxItems: 100),
    ]
    /// `POST /api/v1/products`.
    static let newProduct = BodySchema("NewProduct", object(productFields, required: ["sku", "name", "unit", "price", "vat_rate"]))
    /// `PATCH /api/v1/products/{id}`.
    static let productChanges = BodySchema("ProductChanges", object(
        productFields.merging(["version": version, "archived": boolean]) { $1 }, required: ["version"]))
    /// `POST /api/v1/price-types`.
    static let newPriceType = BodySchema("NewPriceType", object(["code": nonEmpty(line(32)), "name": nonEmpty(line(100))],
                                                                required: ["code", "name"]))
    /// `POST /api/v1/categories`.
    static let newCategory = BodySchema("NewCategory", object(["name": nonEmpty(line(200)), "parent_id": id], required: ["name"]))

    // MARK: Parties

    static let bank: JSONValue = object(["bic": line(9), "account": line(20), "name": line(300), "corr_account": line(20)])
    private static let partyFields: [String: JSONValue] = [
        "kind": enumeration(PartyKind.self), "name": nonEmpty(line(300)), "is_client": boolean, "is_supplier": boolean,
        "inn": line(12), "kpp": line(9), "ogrn": line(15), "address": text(1000), "bank": bank,
        "phones": array(line(64), maxItems: 20), "emails": array(line(254), maxItems: 20), "owner_id": id,
        "tags": array(line(64), maxItems: 50), "price_type_id": id, "discount_pct": decimal,
    ]
    /// `POST /api/v1/parties`.
    static let newParty = BodySchema("NewParty", object(partyFields, required: ["kind", "name"]))
    /// `PATCH /api/v1/parties/{id}`.
    static let partyChanges = BodySchema("PartyChanges", object(
        partyFields.merging(["version": version, "archived": boolean]) { $1 }, required: ["version"]))
    /// `POST /api/v1/parties/{id}/contacts`.
    static let newContact = BodySchema("NewContact", object([
        "name": nonEmpty(line(200)), "position": line(200), "phones": array(line(64), maxItems: 20),
        "emails": array(line(254), maxItems: 20),
    ], required: ["name"]))

    // MARK: Warehouses and stock documents

    /// `POST /api/v1/warehouses`.
    static let newWarehouse = BodySchema("NewWarehouse", object(
        ["code": nonEmpty(line(32)), "name": nonEmpty(line(200)), "address": text(500)], required: ["code", "name"]))
    /// `PATCH /api/v1/warehouses/{id}`.
    static let warehouseChanges = BodySchema("WarehouseChanges", object(
        ["version": version, "name": line(200), "address": text(500), "active": boolean],
        required: ["version"]))

    /// Lines of a stock document: a 50,000-line count is the largest expected.
    private static func lines(_ fields: [String: JSONValue]) -> JSONValue {
        array(object(fields, required: fields.keys.sorted()), maxItems: 100_000)
    }
    private static let stockLines = nonEmpty(lines(["product_id": id, "qty": decimal]))
    private static let countLines = lines(["product_id": id, "counted_qty": decimal])
    private static let note = text(2000)
    /// Stock documents name the warehouse by code and products by SKU or barcode.
    private static let stockKeys = NaturalKeys(warehouses: ["warehouse"], lines: ["lines"])

    /// `POST /api/v1/receipts`: `warehouse_id` and `lines` with `unit_cost` are required, unless
    /// `purchase_order_id` names the order the goods arrive against (its warehouse, its remaining
    /// quantities and its prices are the defaults then).
    static let newReceipt = BodySchema("NewReceipt", object([
        "warehouse_id": id, "supplier_id": id, "supplier_ref": line(100), "note": note,
        "purchase_order_id": id, "allow_over_receipt": boolean,
        "lines": nonEmpty(array(object(["product_id": id, "qty": decimal, "unit_cost": decimal,
                                        "country_code": line(3), "customs_declaration": line(40)], required: ["product_id", "qty"]),
                                maxItems: 100_000)),
    ]), keys: NaturalKeys(parties: ["supplier"], warehouses: ["warehouse"], lines: ["lines"]))
    /// `POST /api/v1/transfers`.
    static let newTransfer = BodySchema("NewTransfer", object(
        ["from_warehouse_id": id, "to_warehouse_id": id, "note": note, "lines": stockLines],
        required: ["from_warehouse_id", "to_warehouse_id", "lines"]),
        keys: NaturalKeys(warehouses: ["from_warehouse", "to_warehouse"], lines: ["lines"]))
    /// `POST /api/v1/write-offs`.
    static let newWriteOff = BodySchema("NewWriteOff", object(
        ["warehouse_id": id, "reason": enumeration(WriteOffReason.self), "note": note, "lines": stockLines],
        required: ["warehouse_id", "reason", "lines"]), keys: stockKeys)
    /// `POST /api/v1/stock-counts`.
    static let newStockCount = BodySchema("NewStockCount", object(
        ["warehouse_id": id, "open": boolean, "note": note, "lines": countLines], required: ["warehouse_id"]), keys: stockKeys)
    /// `PATCH /api/v1/stock-counts/{id}`.
    static let stockCountChanges = BodySchema("StockCountChanges", object(
        ["version": version, "lines": countLines], required: ["lines"]), keys: NaturalKeys(lines: ["lines"]))
}
