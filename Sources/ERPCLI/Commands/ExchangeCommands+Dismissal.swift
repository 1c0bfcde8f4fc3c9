// `erp bank dismiss LINE --reason R [--comment TEXT]` and `erp bank reopen LINE`: take a queued
// statement line off the queue without a payment (a bank fee, a tax, our own transfer, or
// something explained), and put a dismissed one back — thin adapters over ExchangeService.

import ERPCore
import Exchange

extension ExchangeCommands {
    static let bankDismiss = Command(
        ["bank", "dismiss"], summary: "Dismiss a queued statement line with a reason: no payment is recorded (erp bank reopen undoes it)",
        options: [.value("reason", "REASON", summary: "bank_fee, tax, own_transfer or other", required: true),
                  .value("comment", "TEXT", summary: "What the line was (required for other)"),
                  CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("LINE", summary: "The queued line's id (erp bank queue)")]
    ) { arguments, context in
        var problems = FieldErrors()
        let line = try lineID(arguments, problems: &problems)
        let reason = CommandSupport.parsed(arguments, "reason", "one of " + StatementDismissal.Reason.allCases.map(\.rawValue)
            .joined(separator: ", "), problems: &problems) { StatementDismissal.Reason(rawValue: $0) }
        try problems.throwIfAny()
        guard let line, let reason else { return 2 }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            let dismissed = try ExchangeService(time: context.time).dismiss(
                line, StatementDismissal(reason: reason, comment: arguments.value("comment")), by: principal, on: connection)
            try report(dismissed, arguments, context)
            return 0
        }
    }

    static let bankReopen = Command(
        ["bank", "reopen"], summary: "Put a dismissed statement line back in the queue",
        options: [CommandSupport.actingUser, CommandSupport.json],
        positionals: [PositionalSpec("LINE", summary: "The dismissed line's id (erp bank queue --dismissed)")]
    ) { arguments, context in
        var problems = FieldErrors()
        let line = try lineID(arguments, problems: &problems)
        try problems.throwIfAny()
        guard let line else { return 2 }
        return try CommandSupport.actingAsUser(arguments, context) { principal, connection in
            try report(try ExchangeService(time: context.time).reopen(line, by: principal, on: connection), arguments, context)
            return 0
        }
    }

    /// The positional LINE as a statement line id; a value that is not one is recorded in `problems`.
    /// - Throws: `UsageError` when it is missing.
    static func lineID(_ arguments: ParsedArguments, problems: inout FieldErrors) throws(UsageError) -> StatementLineID? {
        let text = try CommandSupport.required(arguments, positional: "LINE")
        let line = try? StatementLineID(parsing: text)
        if line == nil { problems.add("LINE", "'\(text)' is not a line id") }
        return line
    }

    /// The line as JSON (`--json`) or one line: its id, status and dismissal.
    private static func report(_ line: StatementLine, _ arguments: ParsedArguments, _ context: CommandContext) throws {
        if arguments.flag("json") {
            context.print(try CommandSupport.encoded(line))
        } else {
            context.print("line \(line.id.rawValue): \(line.status)" + (line.dismissal.map { " (\($0.reason.rawValue))" } ?? ""))
        }
    }
}
