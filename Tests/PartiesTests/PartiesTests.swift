import ERPCore
import Foundation
import Postgres
import TestSupport
import Testing

@testable import Parties

@Suite("Parties")
struct PartiesTests {
    let fixedNow = Date(timeIntervalSince1970: 1_796_000_000)

    @Test func createStoresNormalisedRequisitesAndAuditsIt() throws {
        let (connection, owner) = try PartyFixtures.database()
        let party = try PartiesService(time: .fixed(fixedNow)).create(
            PartyFixtures.company(name: "  Sberbank  ", tags: ["VIP", "vip", " wholesale "]), by: owner, on: connection)
        #expect(party.name == "Sberbank" && party.kind == .company && party.isClient && !party.isSupplier)
        #expect(party.inn == PartyFixtures.sberINN && party.kpp == PartyFixtures.sberKPP && party.version == 1)
        #expect(party.bank == BankDetails(bic: PartyFixtures.bic, account: PartyFixtures.account, name: "Sberbank",
                                          corrAccount: PartyFixtures.corrAccount))
        #expect(party.phones == ["74955005550"] && party.tags == ["vip", "wholesale"] && party.ownerID == nil)
        #expect(party.createdAt == fixedNow)
        #expect(try PartiesService().party(party.id, by: owner, on: connection) == party)
        #expect(try PartyFixtures.actions(connection) == ["party.create"])
        let change = try connection.query("SELECT change->>'inn' FROM audit_log WHERE action = 'party.create'").single()
        #expect(try change.decode(0, as: String.self) == PartyFixtures.sberINN)
    }

    @Test func aSupplierIsNamedByItsOnlyINNOrByItsID() throws {
        let (connection, owner) = try PartyFixtures.database()
        var head = PartyFixtures.company(name: "Головной офис")
        head.isClient = false
        head.isSupplier = true
        let supplier = try PartiesService(time: .fixed(fixedNow)).create(head, by: owner, on: connection)
        #expect(try PartiesService().supplier(PartyFixtures.sberINN, by: owner, on: connection) == supplier.id)
        #expect(try PartiesService().supplier(String(supplier.id.rawValue), by: owner, on: connection) == supplier.id)
        #expect(throws: ERPError.notFound(entity: "supplier", id: "500100732259")) {
            try PartiesService().supplier("500100732259", by: owner, on: connection)
        }
        var branch = head
        branch.name = "Филиал"
        branch.kpp = "773601002"
        _ = try PartiesService(time: .fixed(fixedNow)).create(branch, by: owner, on: connection)
        let error = try #require(throws: ERPError.self) { try PartiesService().supplier(PartyFixtures.sberINN, by: owner, on: connection) }
        #expect(error.fields == ["supplier": "2 suppliers have INN \(PartyFixtures.sberINN): give the party id"])
    }

    @Test func createReportsEveryBadFieldAtOnceAndStoresNothing() throws {
        let (connection, owner) = try PartyFixtures.database()
        let command = NewParty(
            kind: .company, name: " ", inn: "7707083894", kpp: "77-601001", ogrn: "1027700132196",
            bank: BankDetails(bic: PartyFixtures.bic, account: "40702810938000012346", corrAccount: "30101810400000000226"),
            phones: ["+7 916 123-45-67", "call me"], emails: ["ok@example.com", "nope"], tags: [""])
        do {
            _ = try PartiesService().create(command, by: owner, on: connection)
            Issue.record("expected validation_failed")
        } catch {
            guard case .validationFailed(let fields) = error else { Issue.record("got \(error)"); return }
            #expect(Set(fields.keys) == ["name", "inn", "kpp", "ogrn", "bank.account", "bank.corr_account",
                                          "phones[1]", "emails[1]", "tags[0]"])
        }
        #expect(try PartyFixtures.count("parties", connection) == 0)
        #expect(try PartyFixtures.actions(connection).isEmpty)
    }

    @Test func personsHave12DigitINNAndNoKPP() throws {
        let (connection, owner) = try PartyFixtures.database()
        #expect(throws: ERPError.validationFailed(fields: ["inn": "must be 12 digits for a person",
                                                          "kpp": "applies to companies only"])) {
            try PartiesService().create(NewParty(kind: .person, name: "Ivan", inn: "7707083893", kpp: "773601001"),
                                      by: owner, on: connection)
        }
        let ivan = try PartiesService().create(
            NewParty(kind: .person, name: "Ivan Petrov", isSupplier: true, inn: "500100732259", ogrn: "304500116000157"),
            by: owner, on: connection)
        #expect(ivan.kind == .person && ivan.isSupplier && ivan.kpp == nil)
    }

    @Test func duplicateINNAndKPPIsAConflictNamingTheExistingParty() throws {
        let (connection, owner) = try PartyFixtures.database()
        let first = try PartiesService().create(PartyFixtures.company(), by: owner, on: connection)
        #expect(throws: ERPError.duplicate(entity: "party", field: "inn, kpp", existingID: first.id.rawValue)) {
            try PartiesService().create(PartyFixtures.company(name: "Again"), by: owner, on: connection)
        }
        // Another KPP is another branch of the same company: allowed.
        let branch = try PartiesService().create(PartyFixtures.company(name: "Branch", kpp: "772801001"), by: owner, on: connection)
        #expect(branch.inn == first.inn)
        #expect(try PartiesService().parties(inn: PartyFixtures.sberINN, by: owner, on: connection).map(\.id) == [first.id, branch.id])
        #expect(try PartyFixtures.count("parties", connection) == 2)
    }

    @Test func concurrentCreatesOfTheSameINNLeaveOneParty() throws {
        let db = try TestDatabase.make()
        let setup = try db.connect()
        let owner = try Users.add(NewUser(login: "owner", role: .owner), by: nil, on: setup).principal(channel: .api)
        let connections = try (0..<8).map { _ in try db.connect() }
        let results = ResultsBox()
        Threads.run(connections.count) { index in
            let result = Result { () throws(ERPError) in
                try PartiesService().create(PartyFixtures.company(name: "Racer \(index)"), by: owner, on: connections[index])
            }
            results.append(result)
        }
        let all = results.values
        let winners = all.compactMap { try? $0.get() }
        #expect(winners.count == 1)
        let winner = try #require(winners.first)
        for case .failure(let error) in all {
            #expect(error == .duplicate(entity: "party", field: "inn, kpp", existingID: winner.id.rawValue))
        }
        #expect(try PartyFixtures.count("parties", setup) == 1)
    }

    @Test func staleVersionIsAConflictAndChangesNothing() throws {
        let (connection, owner) = try PartyFixtures.database()
        let party = try PartiesService().create(PartyFixtures.company(), by: owner, on: connection)
        var rename = PartyChanges(version: 1)
        rename.name = "Sberbank PJSC"
        rename.isSupplier = true
        let renamed = try PartiesService().update(party.id, with: rename, by: owner, on: connection)
        #expect(renamed.name == "Sberbank PJSC" && renamed.isSupplier && renamed.version == 2)
        var stale = PartyChanges(version: 1)
        stale.name = "Lost update"
        #expect(throws: ERPError.versionConflict(current: 2)) {
            try PartiesService().update(party.id, with: stale, by: owner, on: connection)
        }
        #expect(try PartiesService().party(party.id, by: owner, on: connection) == renamed)
        #expect(try PartyFixtures.actions(connection) == ["party.create", "party.update"])
        let change = try connection.query("SELECT change::text FROM audit_log WHERE action = 'party.update'").single()
        let text = try change.decode(0, as: String.self)
        #expect(text.contains("Sberbank PJSC") && text.contains("is_supplier") && !text.contains("\"inn\""))
    }

    @Test func updateValidatesTheResultAndClearsWithEmptyText() throws {
        let (connection, owner) = try PartyFixtures.database()
        let party = try PartiesService().create(PartyFixtures.company(), by: owner, on: connection)
        var bad = PartyChanges(version: 1)
        bad.bank = BankDetails(bic: "044525974", account: PartyFixtures.account)
        #expect(throws: ERPError.validationFailed(fields: ["bank.account": "does not match the bank's BIC (wrong control key)"])) {
            try PartiesService().update(party.id, with: bad, by: owner, on: connection)
        }
        var clear = PartyChanges(version: 1)
        clear.address = ""
        clear.kpp = ""
        let cleared = try PartiesService().update(party.id, with: clear, by: owner, on: connection)
        #expect(cleared.address == nil && cleared.kpp == nil && cleared.version == 2)
    }

    @Test func archiveHidesFromTheDefaultListAndIsAudited() throws {
        let (connection, owner) = try PartyFixtures.database()
        let party = try PartiesService().create(PartyFixtures.company(), by: owner, on: connection)
        let archived = try PartiesService().archive(party.id, version: 1, by: owner, on: connection)
        #expect(archived.archived && archived.version == 2)
        #expect(try PartiesService().parties(matching: PartyFilter(), by: owner, on: connection).items.isEmpty)
        #expect(try PartiesService().parties(matching: PartyFilter(archived: true), by: owner, on: connection).items.map(\.id) == [party.id])
        #expect(try PartyFixtures.actions(connection) == ["party.create", "party.archive"])
    }

    @Test func storekeepersMayReadButNotChangeParties() throws {
        let (connection, owner) = try PartyFixtures.database()
        let keeper = try PartyFixtures.user("keeper", role: .storekeeper, by: owner, on: connection)
        let party = try PartiesService().create(PartyFixtures.company(), by: owner, on: connection)
        #expect(try PartiesService().party(party.id, by: keeper, on: connection).id == party.id)
        #expect(throws: ERPError.forbidden(action: "change counterparties")) {
            try PartiesService().create(PartyFixtures.company(inn: nil), by: keeper, on: connection)
        }
        #expect(try PartyFixtures.count("parties", connection) == 1)
    }
}

/// Collects results from concurrent workers.
final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Result<Party, ERPError>] = []

    func append(_ result: Result<Party, ERPError>) { lock.withLock { stored.append(result) } }
    var values: [Result<Party, ERPError>] { lock.withLock { stored } }
}
