// The request bodies of the purchasing routes (see RequestBodies.swift).

import ERPCore
import Purchasing

extension BodySchema {
    private static let purchaseLines = array(object(["product_id": id, "qty": decimal, "price": decimal], required: ["product_id", "qty"]),
                                             maxItems: 1_000)
    /// Supplier orders name the supplier by INN (+ KPP), the warehouse by code, products by SKU or barcode.
    private static let purchaseKeys = NaturalKeys(parties: ["supplier"], warehouses: ["warehouse"], lines: ["lines"])
    /// `POST /api/v1/purchase-orders`.
    static let newPurchaseOrder = BodySchema("NewPurchaseOrder", object(
        ["supplier_id": id, "warehouse_id": id, "expected_date": date, "comment": text(2000), "lines": nonEmpty(purchaseLines)],
        required: ["supplier_id", "warehouse_id", "lines"]), keys: purchaseKeys)
    /// `PATCH /api/v1/purchase-orders/{id}`.
    static let purchaseOrderChanges = BodySchema("PurchaseOrderChanges", object(
        ["version": version, "supplier_id": id, "warehouse_id": id, "expected_date": date, "comment": text(2000), "lines": purchaseLines],
        required: ["version"]), keys: purchaseKeys)
    /// `POST /api/v1/purchasing/suggestions/orders`.
    static let suggestedOrders = BodySchema("SuggestedOrders", object([
        "warehouse_id": id, "expected_date": date,
        "lines": nonEmpty(array(object(["product_id": id, "qty": decimal, "supplier_id": id, "price": decimal], required: ["product_id"]),
                                maxItems: 1_000)),
    ], required: ["warehouse_id", "lines"]), keys: NaturalKeys(warehouses: ["warehouse"], lines: ["lines"]))
    /// `POST /api/v1/supplier-bills`.
    static let newSupplierBill = BodySchema("NewSupplierBill", object([
        "supplier_id": id, "number": nonEmpty(line(100)), "date": date, "amount": decimal, "vat": decimal,
        "receipt_ids": array(id, maxItems: 100), "note": text(2000),
    ], required: ["supplier_id", "number", "date", "amount", "vat"]))
    /// `POST /api/v1/supplier-payments`.
    static let newSupplierPayment = BodySchema("NewSupplierPayment", object([
        "supplier_id": id, "amount": decimal, "date": date, "bank_ref": line(100), "note": text(2000),
        "allocations": array(object(["bill_id": id, "amount": decimal], required: ["bill_id", "amount"]), maxItems: 1_000),
    ], required: ["supplier_id", "amount", "date"]))
    /// `POST /api/v1/supplier-returns`.
    static let newSupplierReturn = BodySchema("NewSupplierReturn", object([
        "receipt_id": id, "reason": enumeration(SupplierReturnReason.self), "note": text(2000),
        "lines": nonEmpty(array(object(["product_id": id, "qty": decimal], required: ["product_id", "qty"]), maxItems: 10_000)),
    ], required: ["receipt_id", "reason", "lines"]), keys: NaturalKeys(lines: ["lines"]))
}
