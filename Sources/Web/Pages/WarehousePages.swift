// The owner's warehouses: the list (code, name, address, open or closed), adding one, and changing
// one's name, address or whether it takes new documents (at the version shown). `WarehouseService`
// holds every rule; the code is fixed once given (documents and scans name it).

import ERPCore
import ERPServer
import HTTP1
import Warehouse

/// `/admin/warehouses…`.
struct WarehousePages: PageGroup {
    let time: TimeSource
    var service: WarehouseService { WarehouseService(time: time) }

    var menu: [MenuEntry] {
        [MenuEntry("/admin/warehouses", .admin(.warehouses), permission: .manageWarehouses, order: 930)]
    }

    var pages: [Page] {
        [
            Page(.get, "/admin/warehouses", access: .permission(.manageWarehouses)) { context in try list(context) },
            Page(.post, "/admin/warehouses", access: .permission(.manageWarehouses)) { context in try add(context) },
            Page(.get, "/admin/warehouses/{id}", access: .permission(.manageWarehouses)) { context in try show(context) },
            Page(.post, "/admin/warehouses/{id}", access: .permission(.manageWarehouses)) { context in try change(context) },
        ]
    }

    private func field(_ name: String, _ label: AdminText, _ value: String?, _ errors: FormErrors, _ context: PageContext,
                       _ extra: HTML = "") -> HTML {
        """
        <div><label for="\(name)">\(context.admin(label))</label>
        <input id="\(name)" name="\(name)" value="\(value ?? "")"\(extra)\(errors.attributes(for: name))>\(errors.message(for: name))</div>
        """
    }

    private func list(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let service = service
        let warehouses = try context.withConnection { try service.warehouses(by: principal, on: $0) }
        let rows = warehouses.map { warehouse -> HTML in
            let state: HTML = warehouse.active ? "" : "<span class=\"badge cancelled\">\(context.admin(.closed))</span>"
            return """
                <tr><td><a href="/admin/warehouses/\(String(warehouse.id.rawValue))">\(warehouse.code)</a></td><td>\(warehouse.name) \(state)</td>
                <td>\(warehouse.address ?? "")</td></tr>
                """
        }
        let table: HTML = rows.isEmpty ? "<p class=\"empty\">\(context.admin(.emptyWarehouses))</p>" : """
            <table class="list" id="warehouses"><thead><tr><th>\(context.admin(.code))</th><th>\(context.admin(.name))</th>
            <th>\(context.admin(.address))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        let form = context.form
        let body: HTML = """
            \(context.adminNav)<h1>\(context.admin(.warehouses))</h1>\(table)
            <h2>\(context.admin(.newWarehouse))</h2>\(SalesFormat.general(errors))
            <form method="post" action="/admin/warehouses" class="card-form">\(context.csrfField)\(try context.idempotencyField())
            <div class="fields">\(field("code", .code, form["code"], errors, context, " required maxlength=\"32\""))
            \(field("name", .name, form["name"], errors, context, " required"))\(field("address", .address, form["address"], errors, context))</div>
            <div class="actions"><button type="submit" class="primary">\(context.admin(.addWarehouse))</button></div></form>
            """
        return context.render(title: context.admin(.warehouses), body, status: status)
    }

    private func add(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let form = context.form
        let command = NewWarehouse(code: form["code"] ?? "", name: form["name"] ?? "", address: form["address"])
        let service = service
        do {
            return try context.postOnce { tx in
                let warehouse = try service.create(command, by: principal, in: tx)
                return SalesFormat.banner("/admin/warehouses", notice: "warehouse_added", number: warehouse.code)
            }
        } catch {
            return try list(context, errors: errors(for: error, context: context), status: error.httpStatus)
        }
    }

    private func show(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: WarehouseID.self, entity: "warehouse")
        let service = service
        let warehouse = try context.withConnection { try service.warehouse(String(id.rawValue), by: principal, on: $0) }
        let typed = context.form["version"] != nil
        let active = typed ? context.form["active"] != nil : warehouse.active
        let mark: HTML = active ? " checked" : ""
        let body: HTML = """
            <h1>\(context.admin(.editWarehouse)) \(warehouse.code)</h1>\(SalesFormat.general(errors))
            <form method="post" action="/admin/warehouses/\(String(id.rawValue))" class="card-form">\(context.csrfField)
            <input type="hidden" name="version" value="\(String(warehouse.version))">
            \(field("name", .name, typed ? context.form["name"] : warehouse.name, errors, context, " required"))
            \(field("address", .address, typed ? context.form["address"] : warehouse.address, errors, context))
            <label class="check"><input type="checkbox" name="active" value="1"\(mark)> \(context.admin(.warehouseOpen))</label>
            <div class="actions"><a class="button" href="/admin/warehouses">\(context.text(.cancel))</a>
            <button type="submit" class="primary">\(context.text(.save))</button></div></form>
            """
        return context.render(title: context.admin(.editWarehouse) + " " + warehouse.code, body, status: status)
    }

    private func change(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let id = try context.parameter("id", as: WarehouseID.self, entity: "warehouse")
        let form = context.form
        // An emptied address clears it (the service stores an empty address as none).
        let changes = WarehouseChanges(version: form["version"].flatMap(Int64.init) ?? -1, name: form["name"] ?? "",
                                       address: form["address"] ?? "", active: form["active"] != nil)
        let service = service
        do {
            let warehouse = try context.withConnection { try service.update(id, with: changes, by: principal, on: $0) }
            return context.redirect(to: SalesFormat.banner("/admin/warehouses", notice: "saved", number: warehouse.code))
        } catch {
            if case .notFound = error { throw error }
            return try show(context, errors: errors(for: error, context: context), status: error.httpStatus)
        }
    }

    /// The service's refusal at the form's fields; a code already taken and a concurrent change
    /// get sentences of their own.
    private func errors(for error: ERPError, context: PageContext) -> FormErrors {
        var errors = FormErrors()
        switch error {
        case .duplicate:
            errors.fields["code"] = context.admin(.codeTaken)
            errors.general = context.text(.formHasErrors)
        case .versionConflict:
            errors.general = context.admin(.changedMeanwhile)
        default:
            errors = context.formErrors(for: error) { ["code", "name", "address"].contains($0) ? $0 : nil }
        }
        return errors
    }
}
