// Records addressed in a path by the number people see on them as well as by id:
// `/api/v1/payments/PAY-2026-000196` is `/api/v1/payments/196`. The one place that reads "id or
// number" for paths: after the route matched and the user is known, a `{id}` after a numbered
// collection that is not an id is looked up through the owning module's facade (which applies
// the reader's visibility: another manager's order stays 404) and replaced by the id, so every
// handler still reads ids. `/openapi.json` publishes such a parameter as an id or a number.

import Billing
import ERPCore
import Postgres
import Purchasing
import Sales
import Warehouse

enum NumberedPaths {
    /// The collections (path segments) whose records have numbers.
    private static let collections: Set<String> = Set(["orders", "purchase-orders", "documents", "payments"]
                                                      + StockDocumentType.allCases.map(\.pathSegment))

    /// The id of the record of `collection` numbered `number`, through the owning module's facade.
    /// - Throws: `ERPError.notFound` (also what `principal` may not see), `.forbidden`.
    private static func id(of number: String, in collection: String, by principal: Principal,
                           on connection: Connection) throws(ERPError) -> Int64 {
        switch collection {
        case "orders": try SalesService().order(reference: number, by: principal, on: connection).id.rawValue
        case "purchase-orders": try PurchasingService().order(reference: number, by: principal, on: connection).id.rawValue
        case "documents": try BillingService().document(reference: number, by: principal, on: connection).id.rawValue
        case "payments": try BillingService().payment(reference: number, by: principal, on: connection).id.rawValue
        default: try WarehouseService().document(number: number, by: principal, on: connection).id.rawValue
        }
    }

    /// A document number: series, year, sequence (`PAY-2026-000196`, `SO-2026-000001`).
    static let numberPattern = "^[A-Za-z]{1,8}-[0-9]{4}-[0-9]{6,18}$"

    /// Whether `text` has the shape of `numberPattern`.
    static func isNumber(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let letters = { (part: Substring) in part.utf8.allSatisfy { (65...90).contains($0 & ~0x20) } }
        let digits = { (part: Substring) in part.utf8.allSatisfy { (48...57).contains($0) } }
        return parts.count == 3 && (1...8).contains(parts[0].utf8.count) && letters(parts[0])
            && parts[1].utf8.count == 4 && digits(parts[1]) && (6...18).contains(parts[2].utf8.count) && digits(parts[2])
    }

    /// The collection whose member parameter `name` of `pattern` names, when it is numbered.
    private static func collection(of name: String, in pattern: RoutePattern) -> String? {
        var previous: String?
        for segment in pattern.segments {
            switch segment {
            case .literal(let text): previous = text
            case .parameter(let parameter) where parameter == name:
                return previous.flatMap { collections.contains($0) ? $0 : nil }
            case .parameter: previous = nil
            }
        }
        return nil
    }

    /// The JSON Schema of path parameter `name`: an id, or for a numbered record an id or its number.
    static func schema(of name: String, in pattern: RoutePattern?) -> JSONValue {
        guard let pattern, collection(of: name, in: pattern) != nil else { return BodySchema.id }
        return .object(["anyOf": .array([
            BodySchema.id,
            .object(["type": .string("string"), "pattern": .string(numberPattern),
                     "description": .string("the record's number, e.g. PAY-2026-000196")]),
        ])])
    }

    /// `parameters` with each number in a numbered position replaced by the id it names, as
    /// `principal` sees the records. Anything else (ids, text that is no number) passes unchanged:
    /// the handler's reading answers 404 for what is not an id.
    /// - Throws: `ERPError.notFound` for a number that names nothing `principal` sees, `.forbidden`.
    static func resolve(_ parameters: RouteParameters, by principal: Principal?,
                        in context: RequestContext) throws(ERPError) -> RouteParameters {
        guard let principal else { return parameters }
        var values = parameters.values
        for (name, value) in parameters.values where !value.utf8.allSatisfy({ (48...57).contains($0) }) {
            guard let collection = collection(of: name, in: parameters.pattern), isNumber(value) else { continue }
            values[name] = String(try context.withConnection { connection in try id(of: value, in: collection, by: principal, on: connection) })
        }
        return RouteParameters(values: values, pattern: parameters.pattern)
    }
}
