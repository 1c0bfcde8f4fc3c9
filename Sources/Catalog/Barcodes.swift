// Barcodes: the check-digit rules of the GS1 codes (EAN-13, EAN-8, UPC-A), and storing a
// product's barcodes so that each barcode belongs to one product only.
//
// GS1 General Specifications §7.9.1: the check digit makes the weighted sum of all digits a
// multiple of 10, weighting digits from the right (excluding the check digit) 3, 1, 3, 1, …

import ERPCore
import Postgres

/// Barcode validation and storage.
package enum Barcodes {
    /// The longest barcode accepted (free-form codes included).
    package static let maximumLength = 64

    /// Why a barcode is refused, or nil when it is acceptable.
    ///
    /// Numeric codes of 8, 12 or 13 digits are EAN-8, UPC-A and EAN-13 and must carry a correct
    /// check digit; other codes may use letters, digits, `.`, `_` and `-` (1–64 characters).
    package static func problem(with barcode: String) -> String? {
        guard !barcode.isEmpty, barcode.utf8.count <= maximumLength else {
            return "must be 1-\(maximumLength) characters"
        }
        let allowed = barcode.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard allowed else { return "may contain only letters, digits, '.', '_' and '-'" }
        let digits = barcode.utf8.map { Int($0) - 48 }
        guard digits.allSatisfy({ (0...9).contains($0) }), let format = format(digitCount: digits.count) else {
            return nil
        }
        guard checkDigit(of: digits.dropLast()) == digits.last else {
            return "has a wrong check digit for \(format)"
        }
        return nil
    }

    /// The GS1 code with this many digits, if any.
    static func format(digitCount: Int) -> String? {
        switch digitCount {
        case 8: "EAN-8"
        case 12: "UPC-A"
        case 13: "EAN-13"
        default: nil
        }
    }

    /// The GS1 check digit of `digits` (the code without its last digit).
    package static func checkDigit(of digits: some BidirectionalCollection<Int>) -> Int {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            sum += digit * (position.isMultiple(of: 2) ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    /// Replaces the barcodes of `product` with `barcodes`, inside `tx`.
    /// - Throws: `ERPError.duplicate` naming the product that already has one of them;
    ///   `PostgresError`.
    static func replace(_ barcodes: [String], of product: ProductID, in tx: Transaction) throws {
        try tx.query("DELETE FROM product_barcodes WHERE product_id = \(product)")
        try insert(barcodes.map { ($0, product) }, in: tx)
    }

    /// Gives each barcode to its product in one statement (one product's list, or an import's batch).
    /// - Throws: `ERPError.duplicate` naming the product that already has one of them;
    ///   `PostgresError`.
    static func insert(_ claims: [(barcode: String, product: ProductID)], in tx: Transaction) throws {
        guard !claims.isEmpty else { return }
        let barcodes = claims.map { $0.barcode }
        let products = claims.map { $0.product.rawValue }
        // A concurrent claim of the same barcode waits here for the other transaction and then
        // inserts nothing; the owner it committed is then visible to the lookup.
        let inserted = try tx.query("""
            INSERT INTO product_barcodes (barcode, product_id)
            SELECT * FROM unnest(\(barcodes), \(products))
            ON CONFLICT (barcode) DO NOTHING
            """)
        guard inserted.affectedRows == claims.count else {
            let owner = try tx.query("""
                SELECT b.product_id FROM product_barcodes b
                JOIN unnest(\(barcodes), \(products)) AS w(barcode, product_id)
                  ON w.barcode = b.barcode AND w.product_id <> b.product_id
                ORDER BY b.product_id LIMIT 1
                """).firstRow
            throw ERPError.duplicate(entity: "product", field: "barcodes", existingID: try owner?.decode(0, as: Int64.self))
        }
    }

    /// The products holding any of `barcodes`, by barcode.
    /// - Throws: `PostgresError`.
    static func owners(of barcodes: [String], in tx: Transaction) throws -> [String: ProductID] {
        guard !barcodes.isEmpty else { return [:] }
        var owners: [String: ProductID] = [:]
        for row in try tx.query("""
            SELECT barcode, product_id FROM product_barcodes WHERE barcode IN (SELECT unnest(\(barcodes)))
            """) {
            owners[try row.decode(0, as: String.self)] = try row.decode(1, as: ProductID.self)
        }
        return owners
    }
}
