// `erp bill add | list`, `erp supplier-payment add | list | reverse` and `erp report payables`:
// what we owe suppliers — thin adapters over PurchasingService, acting as the user of `--as`.

import ERPCore
import Foundation
import Parties
import Postgres
import Purchasing
import Warehouse

enum PayablesCommands {
    static let all: [Command] = [addBill, listBills, pay, listPayments, reverse, payables]

    static let addBill = Command(
        ["bill", "add"], summary: "Record a supplier's bill (their number and date, amount with VAT)",
        options: [
            .value("supplier", "INN_OR_ID", summary: "The supplier", required: true),
            .value("number", "TEXT", summary: "The supplier's bill number", required: true),
            .value("date", "DATE", summary: "The bill's date (default: today)"),
            .value("amount", "AMOUNT", summary: "What it asks, with VAT", required: true),
            .value("vat", "AMOUNT", summary: "The VAT in it (default 0)"),
            .repeatable("receipt", "NUMBER", summary: "A receipt the bill is for (RCP-2026-000001)"),
            .value("note", "TEXT", summary: "A note"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        let amount = arguments.value("amount").flatMap { text in problems.check("amount") { () throws(ValueError) in try Money(typed: text) } }
        let vat = arguments.value("vat").flatMap { text in problems.check("vat") { () throws(ValueError) in try Money(typed: text) } }
        let date = CommandSupport.parsed(arguments, "date", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        try problems.throwIfAny()
        guard let amount else { throw UsageError("give --amount", hint: arguments.seeHelp) }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let receipts = try arguments.values("receipt").map {
                try WarehouseService(time: context.time).document(number: $0, by: principal, on: connection).id
            }
            let bill = try PurchasingService(time: context.time).record(NewSupplierBill(
                supplierID: try PartiesService(time: context.time).supplier(arguments.required("supplier"), by: principal, on: connection),
                number: try arguments.required("number"), date: try date ?? CompanyCalendar.day(of: context.time.now, on: connection), amount: amount,
                vat: vat ?? .zero(), receiptIDs: receipts, note: arguments.value("note")), by: principal, on: connection)
            return try CommandSupport.printList([bill], arguments, context, table: billTable)
        }
    }

    static let listBills = Command(
        ["bill", "list"], summary: "List supplier bills, newest first",
        options: [.value("supplier", "ID", summary: "Only this supplier's bills"), .flag("open", summary: "Only bills not paid in full"),
                  CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        var problems = FieldErrors()
        let supplier = CommandSupport.parsed(arguments, "supplier", "a party id", problems: &problems) { try? PartyID(parsing: $0) }
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let bills = try CommandSupport.allPages { cursor in
                try PurchasingService(time: context.time).bills(supplier: supplier, openOnly: arguments.flag("open"),
                                                                limit: PageRequest.maximumLimit, cursor: cursor, by: principal, on: connection)
            }
            return try CommandSupport.printList(bills, arguments, context, table: billTable)
        }
    }

    static let pay = Command(
        ["supplier-payment", "add"], summary: "Record a payment to a supplier (allocated to the oldest bills unless --allocate)",
        options: [
            .value("supplier", "INN_OR_ID", summary: "The supplier", required: true),
            .value("amount", "AMOUNT", summary: "How much", required: true),
            .value("date", "DATE", summary: "When it left (default: today)"),
            .value("ref", "TEXT", summary: "The bank's reference"),
            .repeatable("allocate", "BILL_ID:AMOUNT", summary: "Pay this much of this bill"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        let amount = arguments.value("amount").flatMap { text in problems.check("amount") { () throws(ValueError) in try Money(typed: text) } }
        let date = CommandSupport.parsed(arguments, "date", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        var allocations: [BillAllocation]?
        for (index, text) in arguments.values("allocate").enumerated() {
            guard let colon = text.lastIndex(of: ":"), let bill = try? SupplierBillID(parsing: String(text[..<colon])),
                  let part = try? Money(typed: text[text.index(after: colon)...]) else {
                problems.add("--allocate \(index + 1)", "'\(text)' is not BILL_ID:AMOUNT")
                continue
            }
            allocations = (allocations ?? []) + [BillAllocation(billID: bill, amount: part)]
        }
        try problems.throwIfAny()
        guard let amount else { throw UsageError("give --amount", hint: arguments.seeHelp) }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let payment = try PurchasingService(time: context.time).pay(NewSupplierPayment(
                supplierID: try PartiesService(time: context.time).supplier(arguments.required("supplier"), by: principal, on: connection), amount: amount,
                date: try date ?? CompanyCalendar.day(of: context.time.now, on: connection), bankRef: arguments.value("ref"), allocations: allocations),
                by: principal, on: connection)
            return try CommandSupport.printList([payment], arguments, context, table: paymentTable)
        }
    }

    static let listPayments = Command(
        ["supplier-payment", "list"], summary: "List payments to suppliers, newest first",
        options: [.value("supplier", "ID", summary: "Only this supplier's payments"), CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        var problems = FieldErrors()
        let supplier = CommandSupport.parsed(arguments, "supplier", "a party id", problems: &problems) { try? PartyID(parsing: $0) }
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let payments = try CommandSupport.allPages { cursor in
                try PurchasingService(time: context.time).payments(supplier: supplier, limit: PageRequest.maximumLimit, cursor: cursor,
                                                                   by: principal, on: connection)
            }
            return try CommandSupport.printList(payments, arguments, context, table: paymentTable)
        }
    }

    static let reverse = Command(
        ["supplier-payment", "reverse"], summary: "Reverse a mistaken payment to a supplier (it is kept, marked reversed)",
        options: [.value("reason", "TEXT", summary: "Why", required: true), CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("PAYMENT", summary: "The payment's number (OUT-2026-000012) or id")]
    ) { arguments, context in
        let reference = try CommandSupport.required(arguments, positional: "PAYMENT")
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let purchasing = PurchasingService(time: context.time)
            let id = try purchasing.supplierPayment(reference: reference, by: principal, on: connection).id
            let payment = try purchasing.reverse(id, reason: try arguments.required("reason"), by: principal, on: connection)
            return try CommandSupport.printList([payment], arguments, context, table: paymentTable)
        }
    }

    static let payables = Command(
        ["report", "payables"], summary: "What we owe suppliers, aged 0–30, 31–60, 61–90 and over 90 days",
        options: [
            .value("as-of", "DATE", summary: "As of this day (default: today)"),
            OutputFormat.option,
            CommandSupport.actingUser,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        let asOf = CommandSupport.parsed(arguments, "as-of", "a date like 2026-12-01", problems: &problems) { CalendarDate($0) }
        let format = OutputFormat.chosen(arguments, problems: &problems)
        try problems.throwIfAny()
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let service = PurchasingService(time: context.time)
            let report = try service.payables(asOf: asOf, by: principal, on: connection)
            switch format {
            case .csv: context.output(try service.csv(of: report, by: principal, on: connection))
            case .json: context.print(try CommandSupport.encoded(report))
            case .table:
                context.output(try AgeingTable.render("payables", asOf: report.asOf, party: "SUPPLIER", owed: "OWED", parties: "suppliers",
                    rows: report.items.map { .init(name: $0.name, owed: $0.owed, byAge: [$0.days0To30, $0.days31To60, $0.days61To90, $0.daysOver90]) }))
            }
            return 0
        }
    }

    private static func billTable(_ bills: [SupplierBill]) -> TextTable {
        var table = TextTable([.init("ID", .right), .init("NUMBER"), .init("DATE"), .init("SUPPLIER", .right), .init("AMOUNT", .right),
                               .init("OPEN", .right)])
        for bill in bills {
            table.append([String(bill.id.rawValue), bill.number, bill.date.description, String(bill.supplierID.rawValue),
                          bill.amount.description, bill.open.description])
        }
        return table
    }

    private static func paymentTable(_ payments: [SupplierPayment]) -> TextTable {
        var table = TextTable([.init("ID", .right), .init("NUMBER"), .init("DATE"), .init("SUPPLIER", .right), .init("AMOUNT", .right),
                               .init("STATUS")])
        for payment in payments {
            table.append([String(payment.id.rawValue), payment.number, payment.date.description, String(payment.supplierID.rawValue),
                          payment.amount.description, payment.status])
        }
        return table
    }
}
