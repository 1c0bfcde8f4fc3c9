import ERPCore
import Foundation
import Postgres
import TestSupport
import Testing

@testable import Parties

@Suite("Party CSV import and export")
struct PartyImportExportTests {
    static let header = PartyCSV.line(PartyCSV.header)

    @Test(arguments: ["=SUM(A1)", "+7+1", "-1-1", "@cmd", "'quoted", "'=x", "\tx", "plain", ""])
    func neutralisationIsUndoneOnImport(value: String) {
        let cell = PartyCSV.neutralized(value)
        if let first = cell.first { #expect(!"=+-@\t\r".contains(first)) }
        #expect(PartyCSV.restored(cell) == value)
    }

    @Test func cellsWithCommasQuotesAndNewlinesSurviveTheCSVForm() throws {
        let cells = ["a,b", "say \"hi\"", "two\nlines", "", "plain"]
        let text = PartyCSV.line(cells) + "\r\n" + PartyCSV.line(["x"]) + "\n"
        #expect(try PartyCSV.rows("\u{FEFF}" + text) == [cells, ["x"]])
        #expect(throws: ERPError.validationFailed(fields: ["line 1": "a quoted field is never closed"])) {
            try PartyCSV.rows("\"open")
        }
    }

    @Test func exportThenImportIsTheIdentityAndTheExportIsAudited() throws {
        let (connection, owner) = try PartyFixtures.database()
        _ = try PartiesService().create(PartyFixtures.company(name: "=HYPERLINK(\"x\"), Inc", tags: ["-vip", "b2b"]),
                                      by: owner, on: connection)
        _ = try PartiesService().create(NewParty(kind: .person, name: "Ivan", isSupplier: true, inn: "500100732259",
                                               address: "Line 1\nLine 2"), by: owner, on: connection)
        let exported = try PartiesService().exportCSV(by: owner, on: connection)
        #expect(exported.hasPrefix(Self.header + "\r\n") && exported.contains("\"'=HYPERLINK(\"\"x\"\"), Inc\""))
        let report = try PartiesService().importCSV(exported, by: owner, on: connection)
        #expect(report == ImportReport(created: 0, updated: 0, unchanged: 2, dryRun: false))
        #expect(try PartiesService().exportCSV(by: owner, on: connection) == exported)
        #expect(try PartyFixtures.actions(connection) == ["party.create", "party.create", "party.export", "party.export"])

        // Into an empty database the same file recreates the same parties.
        let (other, otherOwner) = try PartyFixtures.database()
        #expect(try PartiesService().importCSV(exported, by: otherOwner, on: other).created == 2)
        #expect(try PartiesService().exportCSV(by: otherOwner, on: other) == exported)
    }

    @Test func reimportUpdatesByINNAndKPP() throws {
        let (connection, owner) = try PartyFixtures.database()
        let party = try PartiesService().create(PartyFixtures.company(), by: owner, on: connection)
        let row = PartyCSV.line(["company", "Sberbank PJSC", "true", "true", PartyFixtures.sberINN, PartyFixtures.sberKPP,
                                 "", "", "", "", "", "", "", "", "", ""])
        let report = try PartiesService().importCSV(Self.header + "\n" + row + "\n", by: owner, on: connection)
        #expect(report == ImportReport(created: 0, updated: 1, unchanged: 0, dryRun: false))
        let updated = try PartiesService().party(party.id, by: owner, on: connection)
        #expect(updated.name == "Sberbank PJSC" && updated.isSupplier && updated.bank == nil && updated.version == 2)
        let channel = try connection.query("SELECT channel FROM audit_log WHERE action = 'party.update'").single()
        #expect(try channel.decode(0, as: String.self) == "import")
    }

    @Test func aBadRowStopsTheWholeImportAndEveryBadRowIsReported() throws {
        let (connection, owner) = try PartyFixtures.database()
        let good = PartyCSV.line(["company", "Good", "true", "false", "", "", "", "", "", "", "", "", "", "", "", ""])
        let badINN = PartyCSV.line(["company", "Bad", "true", "false", "7707083894", "", "", "", "", "", "", "", "", "nope", "", ""])
        let badKind = PartyCSV.line(["robot", "X", "", "", "", "", "", "", "", "", "", "", "", "", "", ""])
        let ghost = PartyCSV.line(["company", "Ghost", "maybe", "", "", "", "", "", "", "", "", "", "", "", "", "999"])
        let short = "company,Short"
        let text = [Self.header, good, badINN, badKind, ghost, short].joined(separator: "\n")
        do {
            _ = try PartiesService().importCSV(text, by: owner, on: connection)
            Issue.record("expected validation_failed")
        } catch {
            guard case .validationFailed(let fields) = error else { Issue.record("got \(error)"); return }
            #expect(Set(fields.keys) == ["row 3.inn", "row 3.emails[0]", "row 4.kind", "row 5.is_client", "row 6"])
        }
        let onlyGhost = [Self.header, good, PartyCSV.line(["company", "Ghost", "", "", "", "", "", "", "", "", "", "", "",
                                                            "", "", "999"])].joined(separator: "\n")
        #expect(throws: ERPError.validationFailed(fields: ["row 3.owner_id": "refers to a user that does not exist"])) {
            try PartiesService().importCSV(onlyGhost, by: owner, on: connection)
        }
        #expect(try PartyFixtures.count("parties", connection) == 0)
    }

    @Test func aDryRunReportsButStoresNothing() throws {
        let (connection, owner) = try PartyFixtures.database()
        let good = PartyCSV.line(["company", "Good", "true", "false", "", "", "", "", "", "", "", "", "", "", "", ""])
        let report = try PartiesService().importCSV(Self.header + "\r\n" + good + "\r\n", dryRun: true, by: owner, on: connection)
        #expect(report == ImportReport(created: 1, updated: 0, unchanged: 0, dryRun: true))
        #expect(try PartyFixtures.count("parties", connection) == 0)
        #expect(try PartyFixtures.actions(connection).isEmpty)
    }

    @Test func aManagersImportCannotReachAnotherManagersParty() throws {
        let (connection, owner) = try PartyFixtures.database()
        let kate = try PartyFixtures.user("kate", role: .manager, by: owner, on: connection)
        let lev = try PartyFixtures.user("lev", role: .manager, by: owner, on: connection)
        let levs = try PartiesService().create(PartyFixtures.company(), by: lev, on: connection)
        let over = PartyCSV.line(["company", "Taken Over", "true", "false", PartyFixtures.sberINN, PartyFixtures.sberKPP,
                                  "", "", "", "", "", "", "", "", "", ""])
        let giving = PartyCSV.line(["company", "Gift", "true", "false", "", "", "", "", "", "", "", "", "", "", "",
                                    String(lev.userID.rawValue)])
        do {
            _ = try PartiesService().importCSV([Self.header, over, giving].joined(separator: "\n"), by: kate, on: connection)
            Issue.record("expected validation_failed")
        } catch {
            // Lev's card is invisible to Kate: her row is a duplicate naming no card, never an update of his.
            #expect(error == .validationFailed(fields: [
                "row 2": "Party with this inn, kpp already exists.",
                "row 3": "You are not allowed to assign a party to another manager.",
            ]))
        }
        #expect(try PartiesService().party(levs.id, by: lev, on: connection) == levs)
        #expect(try PartyFixtures.count("parties", connection) == 1)
        // Her export lists only her own parties (none yet), and is audited like any other.
        #expect(try PartiesService().exportCSV(by: kate, on: connection) == Self.header + "\r\n")
        #expect(try PartiesService().exportCSV(by: lev, on: connection).contains(PartyFixtures.sberINN))
    }
}
