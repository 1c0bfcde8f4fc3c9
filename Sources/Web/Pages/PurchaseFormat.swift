// Small pieces the purchasing pages share: the supplier order's status badge, the choices of
// supplier and warehouse, the link to an order, the fields every supplier money form starts with. They only format; every rule stays in
// `PurchasingService`.

import ERPCore
import Parties
import Purchasing
import Warehouse

/// Shared markup of the purchasing pages.
enum PurchaseFormat {
    /// A supplier order's status as a badge: the word and one colour per meaning.
    static func badge(_ status: PurchaseOrderStatus, context: PageContext) -> HTML {
        let tone = switch status {
        case .draft: "open"
        case .ordered, .partiallyReceived: "active"
        case .received: "posted"
        case .cancelled: "cancelled"
        }
        return SalesFormat.badge(tone: tone, context.purchase(.orderStatus(status)))
    }

    /// The path of supplier order `id`'s page.
    static func orderPath(_ id: PurchaseOrderID) -> String { "/purchasing/orders/\(id.rawValue)" }

    /// The path of supplier `id`'s card.
    static func supplierPath(_ id: PartyID) -> String { "/purchasing/suppliers/\(id.rawValue)" }

    /// The active suppliers `principal` may see, for a select (at most 500, by name).
    /// - Throws: `ERPError`.
    static func suppliers(context: PageContext) throws -> [(String, String)] {
        let principal = try context.principal()
        let parties = try context.withConnection { connection in
            try PartiesService().parties(matching: PartyFilter(isSupplier: true, limit: 500), by: principal, on: connection).items
        }
        return parties.map { (String($0.id.rawValue), $0.name + ($0.inn.map { " · " + $0 } ?? "")) }
    }

    /// The warehouses `principal` may see, for a select.
    /// - Throws: `ERPError`.
    static func warehouses(context: PageContext, time: TimeSource) throws -> [(String, String)] {
        let principal = try context.principal()
        let warehouses = try context.withConnection { try WarehouseService(time: time).warehouses(by: principal, on: $0) }
        return warehouses.map { (String($0.id.rawValue), $0.name) }
    }

    /// A labelled input with its error under it.
    static func field(_ name: String, _ label: String, value: String, errors: FormErrors, _ extra: HTML = "") -> HTML {
        """
        <div><label for="\(name)">\(label)</label><input id="\(name)" name="\(name)" value="\(value)"\(extra)\(errors.attributes(for: name))>\
        \(errors.message(for: name))</div>
        """
    }

    /// A labelled select with its error under it.
    static func select(_ name: String, _ label: String, _ choices: [(String, String)], selected: String?, errors: FormErrors,
                       _ extra: HTML = "") -> HTML {
        """
        <div><label for="\(name)">\(label)</label><select id="\(name)" name="\(name)"\(extra)\(errors.attributes(for: name))>\
        \(SalesFormat.options(choices, selected: selected))</select>\(errors.message(for: name))</div>
        """
    }

    /// What a supplier money form (a bill, a payment) starts with — the supplier, the amount and
    /// the date — read from the form; each one missing or mistyped is named in `errors`.
    static func supplierMoney(_ context: PageContext, errors: inout FormErrors)
        -> (supplier: PartyID?, amount: Money?, date: CalendarDate?) {
        let form = context.form
        let supplier = form["supplier"].flatMap(PartyID.init)
        let amount = form["amount"].flatMap { try? Money(typed: $0) }
        let date = form["date"].flatMap(SalesFormat.calendarDate)
        if supplier == nil { errors.fields["supplier"] = context.text(.required) }
        if amount == nil { errors.fields["amount"] = context.text(form["amount"] == nil ? .required : .notANumber) }
        if date == nil { errors.fields["date"] = context.say(.dateExpected) }
        return (supplier, amount, date)
    }
}
