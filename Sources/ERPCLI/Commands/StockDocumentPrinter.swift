// How a stock document reads in a terminal: a header line with its number, kind, status and
// warehouses, then its lines as a table with a total row.

import ERPCore
import Postgres
import Warehouse

enum StockDocumentPrinter {
    /// Prints `document` (the API's JSON with `--json`), its warehouses by code as `principal`
    /// sees them; returns exit code 0.
    static func print(_ document: StockDocument, by principal: Principal, on connection: Connection, _ arguments: ParsedArguments,
                      _ context: CommandContext) throws -> Int32 {
        if arguments.flag("json") {
            context.print(try CommandSupport.encoded(document))
        } else {
            context.output(render(document, try DisplayNames.load(by: principal, on: connection)))
        }
        return 0
    }

    static func render(_ document: StockDocument, _ names: DisplayNames) -> String {
        let kind = document.type.rawValue.replacingOccurrences(of: "_", with: " ")
        var head = "\(document.number ?? "open \(kind) \(document.id)")  \(kind), \(document.status.rawValue)"
        head += "  warehouse \(names.warehouse(document.warehouseID))"
        if let to = document.toWarehouseID { head += " → \(names.warehouse(to))" }
        if let reason = document.reason { head += "  reason: \(reason.rawValue)" }
        if let ref = document.supplierRef { head += "  supplier doc \(ref)" }
        var lines = [head, "by \(document.postedBy ?? document.createdBy)  id \(document.id)  version \(document.version)"]
        if let note = document.note { lines.append("note: \(note)") }
        return lines.joined(separator: "\n") + "\n" + table(document).render()
    }

    private static func table(_ document: StockDocument) -> TextTable {
        switch document.type {
        case .stockCount:
            var table = TextTable([.init("#", .right), .init("SKU"), .init("NAME"), .init("BOOK", .right), .init("COUNTED", .right),
                                   .init("DIFF", .right), .init("UNIT")])
            for line in document.lines {
                table.append([String(line.lineNo), line.sku, line.name, line.bookQty?.description ?? "", line.countedQty?.description ?? "—",
                              line.difference?.description ?? "", line.unit])
            }
            let counted = document.lines.filter { $0.countedQty != nil }.count
            table.footer = ["", CommandSupport.count(document.lines.count, "line"), "\(counted) counted", "", "", "", ""]
            return table
        // Without `stock.costs` a receipt comes without costs: it prints like a transfer.
        case .receipt where document.totalCost != nil:
            let origin = showsOrigin(document)
            var table = TextTable([.init("#", .right), .init("SKU"), .init("NAME"), .init("QTY", .right), .init("UNIT"),
                                   .init("COST", .right), .init("AMOUNT", .right)] + (origin ? originColumns : []))
            for line in document.lines {
                let amount = line.unitCost.flatMap { cost in try? (line.qty ?? .zero).amount(at: cost) }?.description ?? ""
                table.append([String(line.lineNo), line.sku, line.name, line.qty?.description ?? "", line.unit,
                              line.unitCost?.description ?? "", amount] + (origin ? originCells(line) : []))
            }
            table.footer = ["", CommandSupport.count(document.lines.count, "line"), "", "", "", "", document.totalCost?.description ?? ""]
                + (origin ? ["", ""] : [])
            return table
        case .receipt, .transfer, .writeOff:
            let origin = showsOrigin(document)
            var table = TextTable([.init("#", .right), .init("SKU"), .init("NAME"), .init("QTY", .right), .init("UNIT")]
                                  + (origin ? originColumns : []))
            for line in document.lines {
                table.append([String(line.lineNo), line.sku, line.name, line.qty?.description ?? "", line.unit] + (origin ? originCells(line) : []))
            }
            table.footer = ["", CommandSupport.count(document.lines.count, "line"), "", "", ""] + (origin ? ["", ""] : [])
            return table
        }
    }

    /// Whether a receipt names the origin of imported goods on any line (the UPD carries it on).
    private static func showsOrigin(_ document: StockDocument) -> Bool {
        document.lines.contains { $0.countryCode != nil }
    }

    private static let originColumns: [TextTable.Column] = [.init("ORIGIN"), .init("DECLARATION")]

    /// `156 CN` and the declaration number, or blanks for domestic goods.
    private static func originCells(_ line: StockDocumentLine) -> [String] {
        let country = line.countryCode.map { code in Country(code: code).map { "\($0.code) \($0.alpha2)" } ?? code }
        return [country ?? "", line.customsDeclaration ?? ""]
    }
}
