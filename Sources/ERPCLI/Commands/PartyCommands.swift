// `erp party add | list | show`: thin adapters over PartiesService. They act as the user named
// by `--as` (or ERP_USER), so the managers' visibility and the audit log apply exactly as over
// HTTP; `--json` prints the API's shapes.

import ERPCore
import Foundation
import Parties
import Postgres

/// `erp party …`: counterparties from the command line.
enum PartyCommands {
    static let all: [Command] = [add, list, show, importCSV, exportCSV]

    static let add = Command(
        ["party", "add"], summary: "Create a party (client or supplier) with its requisites",
        options: [
            .value("kind", "KIND", summary: "company or person", required: true),
            .value("name", "NAME", summary: "The name shown everywhere", required: true),
            .value("inn", "INN", summary: "10 digits (company) or 12 (person), with a valid check digit"),
            .value("kpp", "KPP", summary: "Companies only: 9 characters"),
            .value("ogrn", "OGRN", summary: "OGRN (13 digits) or OGRNIP (15)"),
            .value("address", "TEXT", summary: "Legal or postal address"),
            .flag("client", summary: "The party buys from us"),
            .flag("supplier", summary: "The party sells to us"),
            .value("bic", "BIC", summary: "Bank BIC (9 digits, 04…)"),
            .value("account", "NUMBER", summary: "Settlement account (20 digits, checked against the BIC)"),
            .value("bank-name", "NAME", summary: "Bank name"),
            .value("corr-account", "NUMBER", summary: "Bank correspondent account (20 digits)"),
            .repeatable("phone", "PHONE", summary: "A phone number"),
            .repeatable("email", "EMAIL", summary: "An e-mail address"),
            .repeatable("tag", "TAG", summary: "A label, e.g. wholesale"),
            .value("owner", "USER_ID", summary: "The owning manager's user id (default: you, if a manager)"),
            .value("price-type", "ID", summary: "The client's price type id (erp price-type list)"),
            .value("discount", "PCT", summary: "The client's personal discount in percent, e.g. 5"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        let command = try newParty(arguments)
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let party = try PartiesService(time: context.time).create(command, by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(party))
            } else {
                context.note("created party \(party.name) (id \(party.id))")
                context.print(String(party.id.rawValue))
            }
            return 0
        }
    }

    static let list = Command(
        ["party", "list"], summary: "List the parties you see (name or INN search with --q)",
        options: [
            .value("q", "TEXT", summary: "Fuzzy name or INN prefix"),
            .flag("clients", summary: "Only clients"),
            .flag("suppliers", summary: "Only suppliers"),
            .value("tag", "TAG", summary: "Only parties with this tag"),
            .flag("archived", summary: "Archived parties instead of active ones"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            var filter = PartyFilter(
                q: arguments.value("q"), isClient: arguments.flag("clients") ? true : nil,
                isSupplier: arguments.flag("suppliers") ? true : nil, tag: arguments.value("tag"),
                archived: arguments.flag("archived"), limit: PageRequest.maximumLimit)
            let parties = try CommandSupport.allPages { cursor in
                filter.cursor = cursor
                return try PartiesService(time: context.time).parties(matching: filter, by: principal, on: connection)
            }
            return try CommandSupport.printList(parties, arguments, context, table: table)
        }
    }

    static let show = Command(
        ["party", "show"], summary: "Show a party by INN (every KPP) or id",
        options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("INN_OR_ID", summary: "A 10- or 12-digit INN, or a party id")]
    ) { arguments, context in
        let key = try CommandSupport.required(arguments, positional: "INN_OR_ID")
        let isINN = key.utf8.allSatisfy { (48...57).contains($0) } && (key.count == 10 || key.count == 12)
        // Not an INN and not an id either: nothing can match it.
        let id: PartyID? = isINN ? nil : try? PartyID(parsing: key)
        if !isINN && id == nil { throw ERPError.notFound(entity: "party", id: key) }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let parties: [Party]
            if let id {
                parties = [try PartiesService(time: context.time).party(id, by: principal, on: connection)]
            } else {
                parties = try PartiesService(time: context.time).parties(inn: key, by: principal, on: connection)
                guard !parties.isEmpty else { throw ERPError.notFound(entity: "party", id: key) }
            }
            if arguments.flag("json") {
                context.print(parties.count == 1 ? try CommandSupport.encoded(parties[0])
                              : try CommandSupport.encoded(Page(items: parties, nextCursor: nil)))
            } else {
                context.output(parties.map(card).joined(separator: "\n"))
            }
            return 0
        }
    }
}
