// Imported goods' origin typed beside a receipt's lines: `--origin SKU:COUNTRY[:DECLARATION]`,
// repeated, one per product (`--origin HAM-1:CN:10702070/011226/0012345`). The lines keep their
// own `SKU:QTY:COST` shape; the country (ОКСМ code or letters) and the declaration are checked by
// the Warehouse like any other door's, and an origin naming no line of the receipt is refused.

import Catalog
import ERPCore
import Postgres

/// A product's typed country of origin and customs declaration.
struct TypedOrigin {
    var country: String
    var declaration: String?
}

extension StockLineInput {
    /// The option of the receiving commands.
    static let originOption = OptionSpec.repeatable(
        "origin", "SKU:COUNTRY[:DECLARATION]",
        summary: "Imported goods: a product's country of origin (ОКСМ code like 156 or letters like CN) and customs declaration or РНПТ")

    /// The `--origin` values by product, each naming a product among `lines`.
    /// - Throws: `ERPError.validationFailed` naming every bad `--origin N`; translated database failures.
    static func origins(_ arguments: ParsedArguments, of lines: [ResolvedStockLine], by principal: Principal,
                        on connection: Connection) throws -> [ProductID: TypedOrigin] {
        let values = arguments.values("origin")
        guard !values.isEmpty else { return [:] }
        var problems = FieldErrors()
        var typed: [(origin: String, reference: String, value: TypedOrigin)] = []
        for (index, text) in values.enumerated() {
            // Split from the right: a declaration has `/` and no `:`, so SKU:CN:1070…/… and SKU:CN both read.
            var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let declaration = parts.count >= 3 && parts.last?.contains("/") == true ? parts.removeLast() : nil
            guard parts.count >= 2, let country = parts.popLast(), !country.isEmpty, !parts.joined().isEmpty else {
                problems.add("--origin \(index + 1)", "'\(text)' is not SKU:COUNTRY or SKU:COUNTRY:DECLARATION")
                continue
            }
            typed.append(("--origin \(index + 1)", parts.joined(separator: ":"), TypedOrigin(country: country, declaration: declaration)))
        }
        let ids = try CatalogService().productIDs(for: Array(Set(typed.map(\.reference))), by: principal, on: connection)
        let received = Set(lines.map(\.productID))
        var origins: [ProductID: TypedOrigin] = [:]
        for (origin, reference, value) in typed {
            guard let id = ids[reference], received.contains(id) else {
                problems.add(origin, "no line of the receipt has the product '\(reference)'")
                continue
            }
            guard origins[id] == nil else {
                problems.add(origin, "'\(reference)' has an --origin already: give one per product")
                continue
            }
            origins[id] = value
        }
        try problems.throwIfAny()
        return origins
    }
}
