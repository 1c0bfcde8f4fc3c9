// `erp changes` and `erp webhook add | list | remove | deliveries`: the change feed and webhook
// subscriptions from the command line, over IntegrationsService like the API (docs/integrations.md).

import ERPCore
import Foundation
import Integrations

enum IntegrationCommands {
    static let all: [Command] = [changes, add, list, remove, deliveries]

    static func service(_ context: CommandContext) -> IntegrationsService {
        IntegrationsService(time: context.time, webhookHosts: context.settings.webhookHosts)
    }

    static let changes = Command(
        ["changes"], summary: "Committed changes after a cursor, in commit order (the change feed)",
        options: [
            .value("since", "CURSOR", summary: "The next_cursor of an earlier read (default: from the beginning)"),
            .value("types", "LIST", summary: "Comma-separated event types, e.g. order.confirmed,stock.available_changed"),
            .value("limit", "N", summary: "At most N events (1–500, default 100)"),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        var problems = FieldErrors()
        let limit = CommandSupport.parsed(arguments, "limit", "a whole number from 1 to 500", problems: &problems) { Int($0) }
        try problems.throwIfAny()
        let types = try arguments.value("types").map { try ChangeFeedRequest.types(parsing: $0) }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let page = try service(context).changes(ChangeFeedRequest(since: arguments.value("since"), types: types, limit: limit ?? 100),
                                                    by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(page))
                return 0
            }
            var table = TextTable([.init("ID", .right), .init("AT"), .init("TYPE"), .init("ENTITY"), .init("DATA")])
            for event in page.items {
                table.append([String(event.id), RFC3339.string(from: event.at), event.type.rawValue,
                              "\(event.entity) \(event.entityID)", event.data.description])
            }
            context.output(table.render())
            context.note("next cursor: \(page.nextCursor)")
            return 0
        }
    }

    static let add = Command(
        ["webhook", "add"], summary: "Subscribe a URL to event types (owners); the secret signs every body",
        options: [
            .value("url", "URL", summary: "http://host[:port]/path — loopback or a host of ERP_WEBHOOK_HOSTS", required: true),
            .value("events", "LIST", summary: "Comma-separated event types", required: true),
            .value("secret", "TEXT", summary: "16–200 characters; shown nowhere afterwards", required: true),
            CommandSupport.actingUser, CommandSupport.json,
        ]
    ) { arguments, context in
        let command = NewWebhook(url: try arguments.required("url"),
                                 events: try arguments.required("events").split(separator: ",").map(String.init),
                                 secret: try arguments.required("secret"))
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let webhook = try service(context).addWebhook(command, by: principal, on: connection)
            if arguments.flag("json") {
                context.print(try CommandSupport.encoded(webhook))
            } else {
                context.note("subscribed webhook \(webhook.id) to \(webhook.events.map(\.rawValue).joined(separator: ", "))")
                context.print(String(webhook.id.rawValue))
            }
            return 0
        }
    }

    static let list = Command(
        ["webhook", "list"], summary: "The webhook subscriptions (owners)",
        options: [CommandSupport.actingUser, CommandSupport.json]
    ) { arguments, context in
        try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            try CommandSupport.printList(try service(context).webhooks(by: principal, on: connection), arguments, context, table: table)
        }
    }

    static let remove = Command(
        ["webhook", "remove"], summary: "Remove a subscription; its delivery log stays (owners)",
        options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("ID", summary: "The webhook's id")]
    ) { arguments, context in
        let id = try webhookID(arguments)
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            try CommandSupport.printList([try service(context).removeWebhook(id, by: principal, on: connection)], arguments, context,
                                         table: table)
        }
    }

    static let deliveries = Command(
        ["webhook", "deliveries"], summary: "A subscription's delivery attempts, newest first (owners)",
        options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("ID", summary: "The webhook's id")]
    ) { arguments, context in
        let id = try webhookID(arguments)
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            try CommandSupport.printList(try service(context).deliveries(of: id, by: principal, on: connection), arguments, context) { items in
                var table = TextTable([.init("ID", .right), .init("EVENT", .right), .init("AT"), .init("ATTEMPT", .right),
                                       .init("STATUS"), .init("ERROR")])
                for item in items {
                    table.append([String(item.id), String(item.eventID), RFC3339.string(from: item.at), String(item.attempt),
                                  item.statusCode.map(String.init) ?? "-", item.error ?? ""])
                }
                return table
            }
        }
    }

    /// The webhook id of the `ID` positional.
    /// - Throws: `UsageError` when missing; `ERPError.notFound` when not an id.
    static func webhookID(_ arguments: ParsedArguments) throws -> WebhookID {
        let text = try CommandSupport.required(arguments, positional: "ID")
        guard let id = try? WebhookID(parsing: text) else { throw ERPError.notFound(entity: "webhook", id: text) }
        return id
    }

    static func table(_ webhooks: [Webhook]) -> TextTable {
        var table = TextTable([.init("ID", .right), .init("URL"), .init("EVENTS"), .init("STATUS"), .init("POSITION", .right),
                               .init("FAILURES", .right)])
        for webhook in webhooks {
            table.append([String(webhook.id.rawValue), webhook.url, webhook.events.map(\.rawValue).joined(separator: ","), webhook.status,
                          String(webhook.position), String(webhook.failures)])
        }
        return table
    }
}
