import ERPCore
import Foundation
import Postgres
import TestSupport

@testable import Parties

/// Small factories for the parties tests: users of each role and valid requisites.
enum PartyFixtures {
    static let sberINN = "7707083893"
    static let sberKPP = "773601001"
    static let sberOGRN = "1027700132195"
    static let bic = "044525225"
    static let account = "40702810938000012345"
    static let corrAccount = "30101810400000000225"

    /// A fresh database with an owner; returns the connection and the owner principal.
    static func database() throws -> (Connection, Principal) {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let owner = try Users.add(NewUser(login: "owner", role: .owner), by: nil, on: connection)
        return (connection, owner.principal(channel: .api))
    }

    /// Adds a user as the owner.
    static func user(
        _ login: String, role: Role, allClients: Bool? = nil, by owner: Principal, on connection: Connection
    ) throws -> Principal {
        try Users.add(NewUser(login: login, role: role, allClients: allClients), by: owner, on: connection)
            .principal(channel: .api)
    }

    /// A valid company with full requisites.
    static func company(
        name: String = "Sberbank", inn: String? = sberINN, kpp: String? = sberKPP, ownerID: UserID? = nil,
        tags: [String]? = nil
    ) -> NewParty {
        NewParty(
            kind: .company, name: name, isClient: true, inn: inn, kpp: kpp, ogrn: sberOGRN, address: "Moscow",
            bank: BankDetails(bic: bic, account: account, name: "Sberbank", corrAccount: corrAccount),
            phones: ["+7 (495) 500-55-50"], emails: ["info@sber.example"], ownerID: ownerID, tags: tags)
    }

    /// Counts the rows of a table (the names are literals of the tests).
    static func count(_ table: StaticString, _ connection: Connection) throws -> Int64 {
        let query: PostgresQuery = "SELECT count(*) FROM " + PostgresQuery(stringLiteral: table)
        return try connection.query(query).single().decode(0, as: Int64.self)
    }

    /// The audit actions recorded on parties and contacts, oldest first.
    static func actions(_ connection: Connection) throws -> [String] {
        try connection.query("SELECT action FROM audit_log WHERE entity_type LIKE 'party%' ORDER BY id")
            .map { try $0.decode(0, as: String.self) }
    }
}
