// Import and export of parties as CSV (`erp party import|export`). An import is all-or-nothing:
// every row is checked and applied in one transaction; if any row is bad, nothing is stored and
// the error lists every bad row's fields (`row 3.inn`). A row whose INN (+KPP) matches a party
// updates it; any other row creates one. An export is audited (`party.export`): client data
// leaving the system is recorded (docs/architecture.md, "Invariants": audit).

import ERPCore
import Foundation
import Postgres

extension PartiesService {
    /// Exports the parties `principal` sees (active and archived) as CSV, header first, and
    /// audits `party.export` with the number of parties.
    /// - Throws: `ERPError.forbidden` without `exportParties`, or a translated database failure.
    package func exportCSV(by principal: Principal, on connection: Connection) throws(ERPError) -> String {
        try principal.require(.exportParties)
        return try connection.serviceTransaction { tx in
            var filter = PartyFilter(archived: nil, limit: PageRequest.maximumLimit)
            var lines = [PartyCSV.line(PartyCSV.header)]
            repeat {
                let page = try Parties.list(filter, by: principal, in: tx)
                lines += page.items.map { PartyCSV.line(PartyCSV.cells($0)) }
                filter.cursor = page.nextCursor
            } while filter.cursor != nil
            try Audit.record(in: tx, by: principal, action: "party.export", entityType: "party",
                             change: .object(["count": .number(String(lines.count - 1)), "format": .string("csv")]))
            return lines.map { $0 + "\r\n" }.joined()
        }
    }

    /// Imports parties from CSV text with `PartyCSV.header` as its first row; see the file comment.
    /// - Throws: `ERPError.forbidden` without `editParties`; `.validationFailed` listing every bad
    ///   row (`row N.field`, counting the header as row 1); a translated database failure.
    package func importCSV(
        _ text: String, dryRun: Bool = false, by principal: Principal, on connection: Connection
    ) throws(ERPError) -> ImportReport {
        try principal.require(.editParties)
        let rows = try PartyCSV.rows(text)
        guard rows.first == PartyCSV.header else {
            throw ERPError.validationFailed(fields: ["row 1": "must be the header " + PartyCSV.line(PartyCSV.header)])
        }
        var problems = FieldErrors()
        var commands: [(Int, NewParty)] = []
        for (offset, row) in rows.dropFirst().enumerated() {
            let number = offset + 2
            guard let command = PartyCSV.command(row, number: number, into: &problems) else { continue }
            do {
                commands.append((number, try command.validated()))
            } catch {
                if case .validationFailed(let fields) = error { fields.forEach { problems.add("row \(number).\($0.key)", $0.value) } }
            }
        }
        try problems.throwIfAny()
        var importer = principal
        importer.channel = .import
        do {
            return try connection.transaction { tx in
                let report = try Self.apply(commands, by: importer, time: time, in: tx)
                if dryRun { throw DryRunFinished(report: report) }
                return report
            }
        } catch let finished as DryRunFinished {
            var report = finished.report
            report.dryRun = true
            return report
        } catch {
            throw ServiceFailure.translate(error)
        }
    }

    /// Creates or updates one party per row, collecting every row's refusal before failing.
    /// - Throws: `ERPError.validationFailed` with every bad row; `PostgresError`.
    private static func apply(_ commands: [(Int, NewParty)], by principal: Principal, time: TimeSource,
                              in tx: Transaction) throws -> ImportReport {
        var report = ImportReport(created: 0, updated: 0, unchanged: 0, dryRun: false)
        var problems = FieldErrors()
        // Owners are checked first: a foreign-key failure would abort the whole transaction.
        let owners = Array(Set(commands.compactMap { $0.1.ownerID }))
        let known = try Users.existing(owners, in: tx)
        for (number, command) in commands {
            if let owner = command.ownerID, !known.contains(owner) {
                problems.add("row \(number).owner_id", "refers to a user that does not exist")
                continue
            }
            do {
                let existing = try command.inn.map { inn in
                    try Parties.find(inn: inn, by: principal, in: tx).first { $0.kpp == command.kpp }
                } ?? nil
                if let existing {
                    guard NewParty(existing) != command.keepingOwner(of: existing) else {
                        report.unchanged += 1
                        continue
                    }
                    _ = try Parties.update(existing.id, with: PartyChanges(replacingWith: command, at: existing),
                                           by: principal, time: time, in: tx)
                    report.updated += 1
                } else {
                    _ = try Parties.create(command, by: principal, time: time, in: tx)
                    report.created += 1
                }
            } catch let error as ERPError {
                switch error {
                case .validationFailed(let fields): fields.forEach { problems.add("row \(number).\($0.key)", $0.value) }
                default: problems.add("row \(number)", error.message)
                }
            }
        }
        try problems.throwIfAny()
        return report
    }

    /// Thrown to roll a dry run back after it has computed its report.
    private struct DryRunFinished: Error {
        var report: ImportReport
    }
}

extension NewParty {
    /// The command with `existing`'s owner and price terms when it names none (an import leaves
    /// owners, price types and discounts alone: the file has no columns for them).
    func keepingOwner(of existing: Party) -> NewParty {
        var result = self
        if result.ownerID == nil { result.ownerID = existing.ownerID }
        if result.priceTypeID == nil { result.priceTypeID = existing.priceTypeID }
        if result.discountPct == nil { result.discountPct = existing.discountPct }
        return result
    }
}

extension PartyChanges {
    /// A change at `party`'s version that makes every field what `command` says (empty text
    /// clears; an absent owner is kept).
    init(replacingWith command: NewParty, at party: Party) {
        self.init(version: party.version)
        kind = command.kind
        name = command.name
        isClient = command.isClient
        isSupplier = command.isSupplier
        inn = command.inn ?? ""
        kpp = command.kpp ?? ""
        ogrn = command.ogrn ?? ""
        address = command.address ?? ""
        bank = command.bank ?? BankDetails(bic: "", account: "", name: "", corrAccount: "")
        phones = command.phones ?? []
        emails = command.emails ?? []
        ownerID = command.ownerID
        tags = command.tags ?? []
    }
}
