import Foundation
import Postgres
import TestSupport
import Testing

@testable import ERPCore

@Suite("Users: role and enable")
struct UserRoleTests {
    let access = AccessService(time: .fixed(Date(timeIntervalSince1970: 1_790_000_000)))

    @Test func changeSetsRoleAndFlagsAtTheVersionAndAuditsBeforeAndAfter() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        let (manager, _) = try AccessFixtures.user("anna", role: .manager, by: owner, on: connection)
        let changed = try access.change(manager.id, with: UserChanges(version: manager.version, name: "Анна Кладовщица", role: .storekeeper,
                                                                      warehouseScope: [3, 1, 3]), by: owner, on: connection)
        #expect(changed.role == .storekeeper && changed.name == "Анна Кладовщица" && changed.warehouseScope == [1, 3])
        #expect(changed.version == manager.version + 1 && !changed.allClients)
        // Tokens and sessions read the row: the CLI principal is the storekeeper at once.
        let principal = try access.principal(forLogin: "anna", channel: .cli, on: connection)
        #expect(principal.role == .storekeeper && principal.warehouseScope == [1, 3])
        let change = try connection.query("SELECT change::text FROM audit_log WHERE action = 'user.update'").single().decode(0, as: String.self)
        #expect(change.contains(#""before": {"name": "anna", "role": "manager""#))
        #expect(change.contains(#""role": "storekeeper""#))
    }

    @Test func changeRefusesAStaleVersionAndFlagsOfAnotherRoleChangingNothing() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        let (manager, _) = try AccessFixtures.user("anna", role: .manager, by: owner, on: connection)
        #expect(throws: ERPError.versionConflict(current: manager.version)) {
            try access.change(manager.id, with: UserChanges(version: manager.version - 1, role: .accountant), by: owner, on: connection)
        }
        #expect(throws: ERPError.validationFailed(fields: ["all_clients": "applies to managers only"])) {
            try access.change(manager.id, with: UserChanges(version: manager.version, role: .accountant, allClients: true), by: owner, on: connection)
        }
        #expect(try access.user(manager.id, by: owner, on: connection) == manager)
        #expect(try AccessFixtures.actions(connection) == ["user.create", "user.create"])
    }

    @Test func nobodyDropsTheirOwnOwnerRoleNorTheLastOwnersAndManagersChangeNoRoles() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (ownerUser, owner) = try AccessFixtures.owner(connection)
        let (_, manager) = try AccessFixtures.user("anna", role: .manager, by: owner, on: connection)
        #expect(throws: ERPError.invalidState(entity: "user owner", current: "the acting user", action: "change the role of (ask another owner)")) {
            try access.change(ownerUser.id, with: UserChanges(version: ownerUser.version, role: .manager), by: owner, on: connection)
        }
        #expect(throws: ERPError.invalidState(entity: "user owner", current: "the last active owner", action: "change the role of")) {
            try access.change(ownerUser.id, with: UserChanges(version: ownerUser.version, role: .manager), by: .system(), on: connection)
        }
        #expect(throws: ERPError.forbidden(action: "manage users")) {
            try access.change(ownerUser.id, with: UserChanges(version: ownerUser.version, role: .manager), by: manager, on: connection)
        }
        // Renaming oneself keeps the role and is allowed.
        #expect(try access.change(ownerUser.id, with: UserChanges(version: ownerUser.version, name: "Иван", role: .owner),
                                  by: owner, on: connection).name == "Иван")
        #expect(try access.user(ownerUser.id, by: owner, on: connection).role == .owner)
    }

    @Test func enableLetsADisabledUsersTokensWorkAgainAndIsRecordedOnce() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (_, owner) = try AccessFixtures.owner(connection)
        let (keeper, keeperPrincipal) = try AccessFixtures.user("keeper", role: .storekeeper, by: owner, on: connection)
        let token = try access.issueToken(for: keeper.id, by: keeperPrincipal, on: connection).token
        _ = try access.disable(keeper.id, by: owner, on: connection)
        #expect(throws: ERPError.self) { try access.authenticate(token: token, channel: .api, on: connection) }
        #expect(throws: ERPError.forbidden(action: "manage users")) { try access.enable(keeper.id, by: keeperPrincipal, on: connection) }
        let enabled = try access.enable(keeper.id, by: owner, on: connection)
        #expect(enabled.active && enabled.version == keeper.version + 2)
        #expect(try access.authenticate(token: token, channel: .api, on: connection).login == "keeper")
        #expect(try access.enable(keeper.id, by: owner, on: connection) == enabled)
        #expect(try AccessFixtures.actions(connection).suffix(3) == ["token.issue", "user.disable", "user.enable"])
    }
}
