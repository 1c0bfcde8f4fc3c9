// The narrowing part of a report page's filter bar: a warehouse or a manager picked from a list,
// a client carried from the link that led here (the dashboard's top clients, a client's card) and
// shown with a way to drop it. The fields come from the query as typed ids; empty means "all"
// (a filter form sends its empty fields too).

import ERPCore
import Parties
import Reports
import Warehouse

/// What a report page was asked to narrow by, and how to show it.
struct ReportFilterBar {
    let filter: ReportFilter
    /// The fields the report applies.
    let fields: Set<ReportFilter.Field>

    /// The query parameter of each field.
    static func name(_ field: ReportFilter.Field) -> String { field.rawValue + "_id" }

    /// Reads `warehouse_id`, `manager_id` and `client_id` from the query.
    /// - Throws: `ERPError.validationFailed` for a value that is not an id.
    init(_ context: PageContext, fields: Set<ReportFilter.Field>) throws(ERPError) {
        func id<ID: EntityID>(_ field: ReportFilter.Field, as type: ID.Type) throws(ERPError) -> ID? {
            let name = Self.name(field)
            guard fields.contains(field), let text = context.query(name), !text.isEmpty else { return nil }
            do { return try ID(parsing: text) } catch { throw .validationFailed(fields: [name: "'\(text)' is not an id"]) }
        }
        self.fields = fields
        filter = ReportFilter(warehouseID: try id(.warehouse, as: WarehouseID.self), managerID: try id(.manager, as: UserID.self),
                              clientID: try id(.client, as: PartyID.self))
    }

    /// `&warehouse_id=2…` for links that keep the filter (downloads, the other groupings).
    var query: String {
        [(ReportFilter.Field.warehouse, filter.warehouseID?.rawValue), (.manager, filter.managerID?.rawValue), (.client, filter.clientID?.rawValue)]
            .compactMap { field, id in id.map { "&" + Self.name(field) + "=" + String($0) } }.joined()
    }

    /// The selects and the client's chip; `clientName` is the filtered client's name.
    func html(_ choices: ReportFilterChoices?, clientName: String?, clearing path: String, _ context: PageContext) -> HTML {
        var html: [HTML] = []
        if fields.contains(.warehouse), let choices {
            let options = [("", context.text(.allWarehouses))] + choices.warehouses.map { (String($0.id.rawValue), $0.name) }
            html.append("""
                <div><label for="warehouse_id">\(context.text(.warehouse))</label><select id="warehouse_id" name="warehouse_id">\
                \(SalesFormat.options(options, selected: filter.warehouseID.map { String($0.rawValue) } ?? ""))</select></div>
                """)
        }
        if fields.contains(.manager), let choices {
            let options = [("", context.owner(.allManagers))] + choices.managers.map { (String($0.id.rawValue), $0.name) }
            html.append("""
                <div><label for="manager_id">\(context.say(.manager))</label><select id="manager_id" name="manager_id">\
                \(SalesFormat.options(options, selected: filter.managerID.map { String($0.rawValue) } ?? ""))</select></div>
                """)
        }
        if let client = filter.clientID {
            html.append("""
                <div><input type="hidden" name="client_id" value="\(String(client.rawValue))">\
                <p class="chip">\(context.say(.client)): <a href="/clients/\(String(client.rawValue))">\(clientName ?? String(client.rawValue))</a> \
                <a href="\(path)" aria-label="\(context.owner(.allClients))">×</a></p></div>
                """)
        }
        return HTML.joined(html)
    }
}
