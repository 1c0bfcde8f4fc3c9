// Stock documents: the list (filtered by type, paged), one document (header, lines, totals when
// the role sees costs, the actions its status allows) and its printable form — the receipt,
// transfer, write-off act and count sheet are the same page without the frame, for paper.

import ERPCore
import ERPServer
import Foundation
import HTTP1
import Warehouse

/// `/stock/documents`, `/stock/documents/{id}`, `/stock/documents/{id}/print`, `…/cancel`.
struct StockDocumentPages: PageGroup {
    let time: TimeSource

    var menu: [MenuEntry] {
        [MenuEntry("/stock/documents", .stockDocuments, permission: .readStock, order: 150)]
    }

    var pages: [Page] {
        [
            Page(.get, "/stock/documents", access: .permission(.readStock), query: [
                .text("type", maxLength: 20, "Only documents of this type"),
                .text("cursor", maxLength: 40, "The next page"),
            ]) { context in
                try list(context)
            },
            Page(.get, "/stock/documents/{id}", access: .permission(.readStock)) { context in
                try show(context, printable: false)
            },
            Page(.get, "/stock/documents/{id}/print", access: .permission(.readStock)) { context in
                try show(context, printable: true)
            },
            Page(.post, "/stock/documents/{id}/cancel", access: .permission(.postStock)) { context in
                let principal = try context.principal()
                let id = try context.parameter("id", as: StockDocumentID.self, entity: "stock document")
                let service = WarehouseService(time: time)
                let document = try context.withConnection { connection in
                    let found = try service.document(id, type: nil, by: principal, on: connection)
                    return try service.cancel(id, type: found.type, by: principal, on: connection)
                }
                return context.redirect(to: Self.location(of: document, notice: "cancelled"))
            },
        ]
    }

    /// The document's page with a success banner naming its number.
    static func location(of document: StockDocument, notice: String) -> String {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "notice", value: notice), URLQueryItem(name: "number", value: document.number ?? "")]
        return "/stock/documents/\(document.id.rawValue)?" + (components.percentEncodedQuery ?? "")
    }

    private func list(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let type = context.query("type").flatMap(StockDocumentType.init(rawValue:))
        let filter = StockDocumentFilter(type: type, limit: 50, cursor: context.query("cursor"))
        let service = WarehouseService(time: time)
        let (page, warehouses) = try context.withConnection { connection in
            (try service.documents(filter, by: principal, on: connection), try service.warehouses(by: principal, on: connection))
        }
        let names = Dictionary(uniqueKeysWithValues: warehouses.map { ($0.id, $0.name) })
        let rows = page.items.map { document -> HTML in
            """
            <tr><td><a href="/stock/documents/\(String(document.id.rawValue))">\(document.number ?? "—")</a></td>
            <td>\(context.text(.documentType(document.type.rawValue)))</td><td>\(WebFormat.date(document.createdAt))</td>
            <td>\(names[document.warehouseID] ?? "")\(document.toWarehouseID.map { " → " + (names[$0] ?? "") } ?? "")</td>
            <td>\(badge(document.status, context))</td></tr>
            """
        }
        let types = StockDocumentType.allCases.map { item -> HTML in
            let selected: HTML = item == type ? " selected" : ""
            return "<option value=\"\(item.rawValue)\"\(selected)>\(context.text(.documentType(item.rawValue)))</option>"
        }
        let next: HTML = page.nextCursor.map { cursor in
            "<p><a href=\"/stock/documents?\(type.map { "type=" + $0.rawValue + "&" } ?? "")cursor=\(cursor)\">\(context.text(.nextPage))</a></p>"
        } ?? ""
        let table: HTML = page.items.isEmpty ? "<p class=\"empty\">\(context.text(.emptyDocuments))</p>" : """
            <div class="scroll"><table><thead><tr><th>\(context.text(.number))</th><th>\(context.text(.type))</th>
            <th>\(context.text(.date))</th><th>\(context.text(.warehouse))</th><th>\(context.text(.status))</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>\(next)
            """
        let body: HTML = """
            <h1>\(context.text(.stockDocuments))</h1>
            <form method="get" action="/stock/documents" class="filters">
            <div><label for="type">\(context.text(.type))</label><select id="type" name="type"><option value="">\(context.text(.none))</option>\(types)</select></div>
            <button type="submit">\(context.text(.find))</button></form>
            \(table)
            """
        return context.render(title: context.text(.stockDocuments), body)
    }

    private func badge(_ status: StockDocumentStatus, _ context: PageContext) -> HTML {
        "<span class=\"badge \(status.rawValue)\">\(context.text(.documentStatus(status.rawValue)))</span>"
    }

    /// `156 Китай`: the ОКСМ code and the country's short name, as column 10 of a UPD writes it.
    private func countryName(_ code: String) -> String {
        Country(code: code).map { "\($0.code) \($0.name)" } ?? code
    }

    private func show(_ context: PageContext, printable: Bool) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: StockDocumentID.self, entity: "stock document")
        let service = WarehouseService(time: time)
        let (document, warehouses) = try context.withConnection { connection in
            (try service.document(id, type: nil, by: principal, on: connection), try service.warehouses(by: principal, on: connection))
        }
        let names = Dictionary(uniqueKeysWithValues: warehouses.map { ($0.id, $0.name) })
        let title = context.text(.documentType(document.type.rawValue)) + " " + (document.number ?? "")
        let isCount = document.type == .stockCount
        let showsCost = document.lines.contains { $0.unitCost != nil }
        // Imported goods: the country and declaration the UPD carries on from this receipt.
        let showsOrigin = document.lines.contains { $0.countryCode != nil }
        // On a phone the lines stack, each value headed by its column's name (`data-label`): a
        // receipt's origin columns would otherwise sit off-screen in a sideways scroll.
        let rows = document.lines.map { line -> HTML in
            let quantities: HTML = isCount ? """
                <td class="num" data-label="\(context.text(.book))">\(line.bookQty.map { WebFormat.quantity($0, unit: line.unit) })</td>
                <td class="num" data-label="\(context.text(.counted))">\(line.countedQty.map { WebFormat.quantity($0, unit: line.unit) })</td>
                <td class="num" data-label="\(context.text(.difference))">\(line.difference.map { WebFormat.quantity($0, unit: line.unit) })</td>
                """ : "<td class=\"num\" data-label=\"\(context.text(.quantity))\">\(line.qty.map { WebFormat.quantity($0, unit: line.unit) })</td>"
            let cost: HTML = showsCost ? "<td class=\"num\" data-label=\"\(context.text(.unitCost))\">\(line.unitCost.map(WebFormat.money))</td>" : ""
            let origin: HTML = showsOrigin ? """
                <td data-label="\(context.text(.countryOfOrigin))">\(line.countryCode.map(countryName))</td>\
                <td data-label="\(context.text(.customsDeclaration))">\(line.customsDeclaration)</td>
                """ : ""
            return "<tr><td class=\"num\" data-label=\"№\">\(line.lineNo)</td><td data-label=\"\(context.text(.sku))\">\(line.sku)</td><td>\(line.name)</td>\(quantities)\(cost)\(origin)</tr>"
        }
        let quantityHead: HTML = isCount
            ? "<th class=\"num\">\(context.text(.book))</th><th class=\"num\">\(context.text(.counted))</th><th class=\"num\">\(context.text(.difference))</th>"
            : "<th class=\"num\">\(context.text(.quantity))</th>"
        let costHead: HTML = showsCost ? "<th class=\"num\">\(context.text(.unitCost))</th>" : ""
        let originHead: HTML = showsOrigin ? "<th>\(context.text(.countryOfOrigin))</th><th>\(context.text(.customsDeclaration))</th>" : ""
        let total: HTML = document.totalCost.map { "<p class=\"total\">\(context.text(.total)): \(WebFormat.money($0))</p>" } ?? ""
        let place = (names[document.warehouseID] ?? "") + (document.toWarehouseID.map { " → " + (names[$0] ?? "") } ?? "")
        var facts: [HTML] = [
            "<dt>\(context.text(.date))</dt><dd>\(WebFormat.dateTime(document.postedAt ?? document.createdAt))</dd>",
            "<dt>\(context.text(.warehouse))</dt><dd>\(place)</dd>",
            "<dt>\(context.text(.postedBy))</dt><dd>\(document.postedBy ?? document.createdBy)</dd>",
        ]
        if let reference = document.supplierRef { facts.append("<dt>\(context.text(.supplierRef))</dt><dd>\(reference)</dd>") }
        if let reason = document.reason { facts.append("<dt>\(context.text(.reason))</dt><dd>\(context.text(.writeOffReason(reason.rawValue)))</dd>") }
        if let note = document.note { facts.append("<dt>\(context.text(.note))</dt><dd>\(note)</dd>") }
        let state: HTML = document.status == .cancelled ? "<p class=\"muted\">\(context.text(.cancelledBanner))</p>"
            : document.status == .posted ? "<p class=\"muted noprint\">\(context.text(.readOnly))</p>" : ""
        let cancel: HTML = document.status != .cancelled && principal.may(.postStock) ? """
            <form method="post" action="/stock/documents/\(String(document.id.rawValue))/cancel">\(context.csrfField)
            <button type="submit">\(context.text(.cancel))</button></form>
            """ : ""
        let actions: HTML = printable ? "" : """
            <div class="actions">\(cancel)<a class="button primary" href="/stock/documents/\(String(document.id.rawValue))/print">\(context.text(.print))</a></div>
            """
        let body: HTML = """
            <h1>\(context.text(.documentType(document.type.rawValue))) <span class="nowrap">\(document.number ?? "")</span> \(badge(document.status, context))</h1>\(state)
            <dl class="facts">\(facts)</dl>
            <div class="scroll"><table\(printable ? "" : " class=\"stack\"" as HTML)><thead><tr><th class="num">№</th><th>\(context.text(.sku))</th><th>\(context.text(.product))</th>
            \(quantityHead)\(costHead)\(originHead)</tr></thead><tbody>\(rows)</tbody></table></div>\(total)
            \(actions)
            """
        return context.render(title: title, body, chrome: !printable)
    }
}
