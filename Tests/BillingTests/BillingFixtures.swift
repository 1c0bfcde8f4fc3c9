import ERPCore

@testable import Billing

/// Small factories with defaults for the billing value tests (STYLE.md, Tests: fixtures).
enum BillingFixtures {
    static func money(_ text: String) throws -> Money { try Money(parsing: text) }

    static func date(_ text: String = "2026-12-01") throws -> CalendarDate { try CalendarDate(parsing: text) }

    static let bank = BankRequisites(
        bic: "044525225", account: "40702810400000000001", name: "ПАО Сбербанк",
        corrAccount: "30101810400000000225")

    static let seller = PartyRequisites(
        name: "ООО «Ромашка»", inn: "7707083893", kpp: "773601001", ogrn: "1027700132195",
        address: "101000, г. Москва, ул. Мясницкая, д. 1", bank: bank, director: "Иванов Иван Иванович",
        chiefAccountant: "Петрова Анна Сергеевна")

    static let buyer = PartyRequisites(
        name: "ООО «Лютик»", inn: "5408117935", kpp: "540801001", ogrn: "1025403200020",
        address: "630090, г. Новосибирск, пр. Академика Лаврентьева, д. 6",
        bank: BankRequisites(bic: "045004641", account: "40702810944050000002", name: "Сибирский банк ПАО Сбербанк",
                             corrAccount: "30101810500000000641"),
        director: "Сидоров Пётр Петрович")

    static func buyer(named name: String) -> PartyRequisites {
        PartyRequisites(name: name, inn: "5408117935", kpp: "540801001", address: "630090, г. Новосибирск")
    }

    static func line(
        _ position: Int = 1, name: String = "Гвозди строительные 100 мм", sku: String = "NAIL-100",
        unit: String = "pcs", qty: String = "3", price: String = "33.33", discount: String = "0",
        rate: VATRate = .percent20, included: Bool = true
    ) throws -> DocumentLine {
        try DocumentLine(
            position: position, productName: name, sku: sku,
            unit: DocumentUnit.standard(code: unit) ?? DocumentUnit(code: unit, name: unit, okeiCode: nil),
            qty: Quantity(parsing: qty), price: money(price), discountPct: Percentage(parsing: discount),
            vatRate: rate, pricesIncludeVAT: included)
    }

    /// A line of 1.00 USD: the install spells and prints only roubles.
    static func dollarLine(_ position: Int) throws -> DocumentLine {
        guard let usd = Currency(code: "USD", minorDigits: 2), let pcs = DocumentUnit.standard(code: "pcs") else {
            preconditionFailure("USD and pcs are valid")
        }
        return try DocumentLine(
            position: position, productName: "Import", sku: "IMP", unit: pcs, qty: Quantity(whole: 1),
            price: Money(minorUnits: 100, currency: usd), vatRate: .percent20, pricesIncludeVAT: true)
    }

    /// Two lines: 3 pcs × 33.33 and 0.333 kg × 99.99 at 20 %, prices including VAT.
    static func standardLines(included: Bool = true, rate: VATRate = .percent20) throws -> [DocumentLine] {
        [
            try line(1, rate: rate, included: included),
            try line(2, name: "Краска фасадная белая", sku: "PAINT-W", unit: "kg", qty: "0.333", price: "99.99",
                     rate: rate, included: included),
        ]
    }

    static func document(
        _ type: DocumentType = .invoice, sequence: Int64 = 123, seller: PartyRequisites = seller,
        buyer: PartyRequisites = buyer, vatPayer: Bool = true, pricesIncludeVAT: Bool = true,
        lines: [DocumentLine]? = nil, basis: String? = "Заказ № SO-2026-000045 от 28.11.2026",
        correctedDocument: DocumentReference? = nil
    ) throws -> ClosingDocument {
        let lines = try lines ?? standardLines(included: pricesIncludeVAT, rate: vatPayer ? .percent20 : .withoutVAT)
        // A УКД of these lines corrects them up from nothing: its increase is exactly the lines.
        let corrections = type != .correction ? nil : try lines.map { line in
            try CorrectionLine(before: try line.corrected(position: line.position, qty: .zero, price: line.price,
                                                          pricesIncludeVAT: pricesIncludeVAT), after: line)
        }
        let corrected = type != .correction ? nil : DocumentReference(number: "УПД-2026-000100", date: try date("2026-11-20"))
        return try ClosingDocument(
            type: type, number: DocumentNumber(type: type, year: 2026, sequence: sequence), date: date(),
            seller: seller, buyer: buyer, vatPayer: vatPayer, pricesIncludeVAT: pricesIncludeVAT,
            lines: lines, basis: basis, correctedDocument: correctedDocument ?? corrected, corrections: corrections)
    }
}
