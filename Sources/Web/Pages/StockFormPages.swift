// The storekeeper's posting forms — receipt, transfer, write-off — as one page shape: header
// fields, the scanner and the lines, Провести. The form is read into the API's command struct
// (`NewReceipt`, `NewTransfer`, `NewWriteOff`) and posted once through `WarehouseService.post`;
// success redirects to the document with its number in the banner, a refusal shows the form again
// with what was typed and each message under its field.

import Catalog
import ERPCore
import ERPServer
import HTTP1
import Parties
import Postgres
import Warehouse

/// `/stock/receipts/new`, `/stock/transfers/new`, `/stock/write-offs/new`.
struct StockFormPages: PageGroup {
    /// Which document a form posts.
    enum Kind: CaseIterable {
        case receipt, transfer, writeOff

        var path: String {
            switch self {
            case .receipt: "/stock/receipts/new"
            case .transfer: "/stock/transfers/new"
            case .writeOff: "/stock/write-offs/new"
            }
        }

        var title: Message {
            switch self {
            case .receipt: .newReceipt
            case .transfer: .newTransfer
            case .writeOff: .newWriteOff
            }
        }

        var menuTitle: Message {
            switch self {
            case .receipt: .receipt
            case .transfer: .transfer
            case .writeOff: .writeOff
            }
        }
    }

    let time: TimeSource

    var menu: [MenuEntry] {
        Kind.allCases.enumerated().map { index, kind in
            MenuEntry(kind.path, kind.menuTitle, permission: .postStock, order: 110 + 10 * index)
        }
    }

    var pages: [Page] {
        Kind.allCases.flatMap { kind in
            [
                Page(.get, kind.path, access: .permission(.postStock)) { context in
                    try form(kind, context, lines: [], errors: FormErrors())
                },
                Page(.post, kind.path, access: .permission(.postStock)) { context in
                    try submit(kind, context)
                },
            ]
        }
    }

    private func editor(_ kind: Kind) -> StockLineEditor {
        StockLineEditor(catalog: CatalogService(time: time), withCost: kind == .receipt)
    }

    private func submit(_ kind: Kind, _ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let editor = editor(kind)
        var lines = try context.withConnection { try editor.lines(from: context.form, by: principal, on: $0) }
        var errors = FormErrors()
        if context.form["action"] != "post", let code = context.form["scan"] {
            let found = try context.withConnection { try editor.scan(code, into: &lines, by: principal, on: $0) }
            if !found { errors.fields["scan"] = context.text(.unknownCode) }
            return try form(kind, context, lines: lines, errors: errors, status: found ? 200 : 422)
        }
        guard context.form["action"] == "post" else { return try form(kind, context, lines: lines, errors: errors) }
        guard let values = editor.values(of: lines, errors: &errors, language: context.language),
              let command = command(kind, context.form, lines: lines, values: values, errors: &errors,
                                    language: context.language)
        else { return try form(kind, context, lines: lines, errors: errors, status: 422) }
        let service = WarehouseService(time: time)
        do {
            return try context.postOnce { tx in
                let document = try service.post(command, by: principal, in: tx)
                return StockDocumentPages.location(of: document, notice: "posted")
            }
        } catch {
            let mapped = context.formErrors(for: error) { path in
                Self.headerFields[path] ?? StockLineEditor.field(path, lines: lines)
            }
            return try form(kind, context, lines: lines, errors: mapped, status: error.httpStatus)
        }
    }

    /// API field paths of the headers → the form's fields.
    private static let headerFields = [
        "warehouse_id": "warehouse", "from_warehouse_id": "warehouse", "to_warehouse_id": "to_warehouse",
        "supplier_id": "supplier", "supplier_ref": "supplier_ref", "reason": "reason", "note": "note",
    ]

    /// The command the form describes; nil (with the fields' errors) when a header value is missing.
    private func command(_ kind: Kind, _ form: FormFields, lines: [StockLineDraft], values: [(Quantity, Money?)],
                         errors: inout FormErrors, language: Language) -> StockCommand? {
        let required = Message.required.text(in: language)
        let warehouse = form["warehouse"].flatMap(Int64.init).map(WarehouseID.init(rawValue:))
        if warehouse == nil { errors.fields["warehouse"] = required }
        let stockLines = zip(lines, values).map { StockLine(productID: $0.product.id, qty: $1.0) }
        switch kind {
        case .receipt:
            guard let warehouse else { return nil }
            let supplier = form["supplier"].flatMap(Int64.init).map(PartyID.init(rawValue:))
            return .receipt(NewReceipt(
                warehouseID: warehouse, supplierID: supplier, supplierRef: form["supplier_ref"], note: form["note"],
                lines: zip(lines, values).map { line, value in
                    ReceiptLine(productID: line.product.id, qty: value.0, unitCost: value.1 ?? .zero(),
                                countryCode: line.country, customsDeclaration: line.declaration)
                }))
        case .transfer:
            let target = form["to_warehouse"].flatMap(Int64.init).map(WarehouseID.init(rawValue:))
            if target == nil { errors.fields["to_warehouse"] = required }
            guard let warehouse, let target else { return nil }
            return .transfer(NewTransfer(fromWarehouseID: warehouse, toWarehouseID: target, note: form["note"], lines: stockLines))
        case .writeOff:
            let reason = form["reason"].flatMap(WriteOffReason.init(rawValue:))
            if reason == nil { errors.fields["reason"] = required }
            guard let warehouse, let reason else { return nil }
            return .writeOff(NewWriteOff(warehouseID: warehouse, reason: reason, note: form["note"], lines: stockLines))
        }
    }

    private func form(_ kind: Kind, _ context: PageContext, lines: [StockLineDraft], errors: FormErrors,
                      status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let service = WarehouseService(time: time)
        let (warehouses, suppliers) = try context.withConnection { connection in
            (try service.warehouses(by: principal, on: connection).filter(\.active),
             kind == .receipt
                ? try PartiesService(time: time).parties(matching: PartyFilter(isSupplier: true, limit: 200), by: principal, on: connection).items
                : [])
        }
        let form = context.form
        func select(_ name: String, _ label: Message, _ options: [(String, String)], empty: Message?) -> HTML {
            let chosen = form[name]
            let items = options.map { value, text -> HTML in
                let selected: HTML = chosen == value ? " selected" : ""
                return "<option value=\"\(value)\"\(selected)>\(text)</option>"
            }
            let blank: HTML = empty.map { "<option value=\"\">\(context.text($0))</option>" } ?? ""
            return """
                <div><label for="\(name)">\(context.text(label))</label>
                <select id="\(name)" name="\(name)"\(errors.attributes(for: name))>\(blank)\(items)</select>\(errors.message(for: name))</div>
                """
        }
        func text(_ name: String, _ label: Message) -> HTML {
            """
            <div><label for="\(name)">\(context.text(label))</label>
            <input id="\(name)" name="\(name)" value="\(form[name] ?? "")"\(errors.attributes(for: name))>\(errors.message(for: name))</div>
            """
        }
        let places = warehouses.map { (String($0.id.rawValue), $0.name) }
        let header: HTML = switch kind {
        case .receipt:
            select("warehouse", .warehouse, places, empty: nil)
                + select("supplier", .supplier, suppliers.map { (String($0.id.rawValue), $0.name) }, empty: Message.none)
                + text("supplier_ref", .supplierRef)
        case .transfer:
            select("warehouse", .fromWarehouse, places, empty: nil) + select("to_warehouse", .toWarehouse, places, empty: Message.none)
        case .writeOff:
            select("warehouse", .warehouse, places, empty: nil)
                + select("reason", .reason, WriteOffReason.allCases.map { ($0.rawValue, context.text(.writeOffReason($0.rawValue))) },
                         empty: Message.none)
        }
        let general: HTML = errors.general.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
        let body: HTML = """
            <h1>\(context.text(kind.title))</h1>\(general)
            <form method="post" action="\(kind.path)" class="document">\(context.csrfField)\(try context.idempotencyField())
            <div class="fields">\(header)</div>
            \(editor(kind).render(lines, errors: errors, context: context))
            <div class="fields">\(text("note", .note))</div>
            <div class="actions"><button type="submit" name="action" value="post" class="primary">\(context.text(.post))</button></div>
            </form>
            """
        return context.render(title: context.text(kind.title), body, status: status)
    }
}
