// A stock document built from what its posting wrote — the header, the numbered lines, the
// products' names as validation read them, the warehouses' codes — so a posting answers without
// reading back the rows it has just written (issue #20). Reading a stored document
// (`attachLines`) goes through the same line and total code, so both answers agree field for field.

import Catalog
import ERPCore
import Foundation

extension StockDocumentLine {
    /// Line `lineNo` as stored, with its product's sku, name and unit.
    init(lineNo: Int, _ line: StoredLine, product: ProductFacts?) {
        self.init(lineNo: lineNo, productID: line.productID, sku: product?.sku ?? "", name: product?.name ?? "",
                  unit: product?.unit ?? "", qty: line.qty, unitCost: line.unitCost, bookQty: line.bookQty,
                  countedQty: line.countedQty,
                  difference: line.countedQty.map { Quantity(thousandths: $0.thousandths - (line.bookQty?.thousandths ?? 0)) },
                  countryCode: line.origin?.countryCode, customsDeclaration: line.origin?.customsDeclaration)
    }
}

extension StockDocument {
    /// The document `header` and `lines` make once written as `written` by `principal`, with every
    /// cost (the caller hides them from those who may not see them).
    init(_ header: StockDocumentHeader, _ written: WrittenHeader, lines: [StoredLine], products: [ProductID: ProductFacts],
         codes: (warehouse: String, to: String?), by principal: Principal) throws {
        let posted = header.status == .posted
        self.init(
            id: written.id, type: header.type, number: written.number, status: header.status, warehouseID: header.warehouseID,
            toWarehouseID: header.toWarehouseID, supplierID: header.supplierID, supplierRef: header.supplierRef,
            reason: header.reason, note: header.note,
            lines: lines.enumerated().map { StockDocumentLine(lineNo: $0.offset + 1, $0.element, product: products[$0.element.productID]) },
            totalCost: nil, createdAt: written.createdAt, createdBy: principal.login,
            postedAt: posted ? written.createdAt : nil, postedBy: posted ? principal.login : nil,
            cancelledAt: nil, cancelledBy: nil, version: written.version, warehouseCode: codes.warehouse, toWarehouseCode: codes.to)
        try totalLines()
    }

    /// A receipt's total: the sum of its lines' quantity × unit cost (other kinds have none).
    mutating func totalLines() throws {
        guard type == .receipt else { return }
        totalCost = try Money.sum(try lines.map { line throws(ValueError) in
            try (line.qty ?? .zero).amount(at: line.unitCost ?? .zero())
        })
    }
}
