// `erp warehouse add | list` and `erp check`: setting up where stock lives, and verifying that
// the ledger and the levels still agree (exit 1 on any violation, each printed).

import ERPCore
import Billing
import Foundation
import Postgres
import Sales
import Warehouse

enum WarehouseCommands {
    static let all: [Command] = [add, list, check]

    static let add = Command(
        ["warehouse", "add"], summary: "Create a warehouse (owners)",
        options: [
            .value("code", "CODE", summary: "Short unique code storekeepers type, e.g. MAIN", required: true),
            .value("name", "NAME", summary: "The warehouse's name", required: true),
            .value("address", "TEXT", summary: "Where it is"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let warehouse = try WarehouseService(time: context.time).create(
                NewWarehouse(code: try arguments.required("code"), name: try arguments.required("name"), address: arguments.value("address")),
                by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(warehouse))
            } else {
                context.note("created warehouse \(warehouse.code) (id \(warehouse.id))")
                context.print(String(warehouse.id.rawValue))
            }
            return 0
        }
    }

    static let list = Command(
        ["warehouse", "list"], summary: "List the warehouses you work with",
        options: [CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let warehouses = try WarehouseService(time: context.time).warehouses(by: principal, on: connection)
            return try CommandSupport.printList(warehouses, arguments, context) { warehouses in
                var table = TextTable([.init("ID", .right), .init("CODE"), .init("NAME"), .init("ADDRESS"), .init("ACTIVE")])
                for warehouse in warehouses {
                    table.append([String(warehouse.id.rawValue), warehouse.code, warehouse.name, warehouse.address ?? "",
                                  warehouse.active ? "yes" : "no"])
                }
                table.footer = ["", CommandSupport.count(warehouses.count, "warehouse"), "", "", ""]
                return table
            }
        }
    }

    static let check = Command(
        ["check"], summary: "Verify every invariant: levels = their moves, reservations = their orders, documents = their moves, payments within invoices",
        options: [CommandSupport.json]
    ) { arguments, context in
        try CommandSupport.withConnection(context) { connection in
            let violations = try violations(time: context.time, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(Page(items: violations, nextCursor: nil)))
            } else {
                for violation in violations { context.print(violation.description) }
                context.note(violations.isEmpty ? "check: all invariants hold" : "check: " + CommandSupport.count(violations.count, "violation"))
            }
            return violations.isEmpty ? 0 : 1
        }
    }

    /// Every invariant of every module that does not hold: what `erp check` prints and
    /// `erp restore` requires to be empty.
    static func violations(time: TimeSource, on connection: Connection) throws -> [LedgerViolation] {
        try WarehouseService(time: time).check(on: connection) + SalesService(time: time).check(on: connection)
            + BillingService(time: time).check(on: connection)
    }
}
