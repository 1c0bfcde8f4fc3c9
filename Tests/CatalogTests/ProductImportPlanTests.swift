import Catalog
import ERPCore
import Foundation
import Postgres
import TestSupport
import Testing

/// The set-based import: its checks across rows (skus and barcodes listed twice, barcodes moving
/// between products), what it audits, and a file of 10,000 rows within the test budget.
@Suite("Product import at scale")
struct ProductImportPlanTests {
    let service = CatalogFixtures.service

    /// An EAN-13 with a correct check digit, unique per `number`.
    static func ean13(_ number: Int) -> String {
        let body = "460" + String(number).leftPadded(to: 9)
        let digits = body.utf8.map { Int($0) - 48 }
        return body + String(Barcodes.checkDigit(of: digits))
    }

    /// A CSV of `count` products `P-00001…`, every 7th without VAT, names in Cyrillic.
    static func catalog(_ count: Int, price: (Int) -> String = { "\($0).50" }) -> String {
        var lines = ["sku;name;unit;barcodes;price;vat_rate;min_stock"]
        for index in 1...count {
            let sku = "P-" + String(index).leftPadded(to: 5)
            lines.append("\(sku);Товар № \(index), \"серия\" \(index % 13);pcs;\(ean13(index));\(price(index));"
                         + (index % 7 == 0 ? "none" : "20") + ";\(index % 5)")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    @Test(.timeLimit(.minutes(1)))
    func tenThousandRowsImportAndReimportWithinTheTestBudget() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let csv = Self.catalog(10_000)
        let report = try ProductTransfer.importCSV(csv, dryRun: false, by: owner, time: .fixed(CatalogFixtures.now), on: connection)
        #expect(report == ImportReport(created: 10_000, updated: 0, unchanged: 0, dryRun: false))
        #expect(try CatalogFixtures.count("products", connection) == 10_000)
        #expect(try CatalogFixtures.count("product_barcodes", connection) == 10_000)
        #expect(try CatalogFixtures.count("product_prices", connection) == 10_000)
        #expect(try CatalogFixtures.catalogActions(connection) == Array(repeating: "product.create", count: 10_000))
        for index in [1, 4_999, 7_000, 10_000] {
            let product = try service.product(reference: "p-" + String(index).leftPadded(to: 5), by: owner, on: connection)
            #expect(product.name == "Товар № \(index), \"серия\" \(index % 13)")
            #expect(product.barcodes == [Self.ean13(index)] && product.price == Money("\(index).50"))
            // Given as 20: shown at the standard rate in force today (22 % since 2026).
            #expect(product.vatRate == (index % 7 == 0 ? .withoutVAT : .percent22))
            #expect(product.minStock == Quantity(thousandths: Int64(index % 5) * 1000) && product.version == 1)
        }
        // Ids follow the file, so an export lists the products in the file's order.
        let ids = try connection.query("SELECT sku FROM products ORDER BY id LIMIT 3").map { try $0.decode(0, as: String.self) }
        #expect(ids == ["P-00001", "P-00002", "P-00003"])

        // Again with a new price on every 100th row: those change, the rest match their product.
        let repriced = Self.catalog(10_000) { $0 % 100 == 0 ? "\($0).99" : "\($0).50" }
        #expect(try ProductTransfer.importCSV(repriced, dryRun: false, by: owner, on: connection)
            == ImportReport(created: 0, updated: 100, unchanged: 9_900, dryRun: false))
        #expect(try CatalogFixtures.count("product_prices", connection) == 10_100)
        #expect(try service.product(reference: "P-00100", by: owner, on: connection).price == Money("100.99"))
        let change = try connection.query("""
            SELECT change::text FROM audit_log WHERE action = 'product.update' ORDER BY id LIMIT 1
            """).single().decode(0, as: String.self)
        #expect(change == #"{"price": {"to": "100.99", "from": "100.50"}}"#)
    }

    @Test func aSKUOrBarcodeListedTwiceIsRefusedWithBothLines() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let csv = """
            sku,name,unit,price,vat_rate,barcodes
            A-1,Один,pcs,1.00,20,4006381333931
            a-1,Дубль,pcs,1.00,20,
            B-1,Два,pcs,1.00,20,x-1 4006381333931
            """
        #expect(throws: ERPError.validationFailed(fields: [
            "line 3, sku": "'a-1' is also on line 2",
            "line 4, barcodes[1]": "'4006381333931' is also on line 2",
        ])) { try ProductTransfer.importCSV(csv, dryRun: false, by: owner, on: connection) }
        #expect(try CatalogFixtures.count("products", connection) == 0)
    }

    @Test func aBarcodeMovesBetweenProductsOfOneFileButIsNotTakenFromAnother() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let hammer = try service.create(CatalogFixtures.newProduct(barcodes: ["4006381333931"]), by: owner, on: connection)
        let saw = try service.create(CatalogFixtures.newProduct(sku: "SAW-1", name: "Пила", barcodes: ["x-9"]), by: owner, on: connection)
        let taking = "sku,name,unit,price,vat_rate,barcodes\nNEW-1,Новый,pcs,5.00,10,x-9\n"
        #expect(throws: ERPError.validationFailed(fields: ["line 2, barcodes[0]": "'x-9' is taken by product \(saw.id.rawValue)"])) {
            try ProductTransfer.importCSV(taking, dryRun: false, by: owner, on: connection)
        }
        // The saw gives its barcode to a new product and takes the hammer's, which takes another.
        let moving = """
            sku,name,unit,price,vat_rate,barcodes,archived
            NEW-1,Новый,pcs,5.00,10,x-9,true
            SAW-1,Пила,pcs,450.00,20,4006381333931,
            HAM-1,Молоток слесарный,pcs,450.00,20,x-10,
            """
        #expect(try ProductTransfer.importCSV(moving, dryRun: false, by: owner, on: connection)
            == ImportReport(created: 1, updated: 2, unchanged: 0, dryRun: false))
        #expect(try service.product(hammer.id, by: owner, on: connection).barcodes == ["x-10"])
        #expect(try service.product(saw.id, by: owner, on: connection).barcodes == ["4006381333931"])
        let new = try service.product(reference: "NEW-1", by: owner, on: connection)
        #expect(new.barcodes == ["x-9"] && new.archived && new.version == 1)
        #expect(try CatalogFixtures.catalogActions(connection).suffix(3) == ["product.update", "product.update", "product.create"])
    }
}

extension String {
    /// The text with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
