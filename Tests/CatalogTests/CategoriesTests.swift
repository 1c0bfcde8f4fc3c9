import Catalog
import ERPCore
import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Categories")
struct CategoriesTests {
    let service = CatalogFixtures.service

    @Test func aCategoryCannotMoveUnderItselfOrItsDescendants() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, _) = try CatalogFixtures.people(connection)
        let tools = try service.create(NewCategory(name: "Инструмент"), by: owner, on: connection)
        let hand = try service.create(NewCategory(name: "Ручной", parentID: tools.id), by: owner, on: connection)
        let hammers = try service.create(NewCategory(name: "Молотки", parentID: hand.id), by: owner, on: connection)
        for parent in [tools.id, hammers.id] {
            let error = #expect(throws: ERPError.self) { try service.move(tools.id, under: parent, by: owner, on: connection) }
            guard case .validationFailed(let fields) = error else { Issue.record("\(String(describing: error))"); continue }
            #expect(fields["parent_id"]?.contains("cycle") == true)
        }
        #expect(try service.categories(by: owner, on: connection).items.first { $0.id == tools.id }?.parentID == nil)
        let moved = try service.move(hammers.id, under: tools.id, by: owner, on: connection)
        #expect(moved.parentID == tools.id && moved.version == 2)
        #expect(try CatalogFixtures.catalogActions(connection) == ["category.create", "category.create", "category.create", "category.move"])
    }

    @Test func siblingNamesAreUniqueCaseInsensitively() throws {
        let db = try TestDatabase.make()
        let connection = try db.connect()
        let (owner, _, keeper) = try CatalogFixtures.people(connection)
        let tools = try service.create(NewCategory(name: "Tools"), by: owner, on: connection)
        #expect(throws: ERPError.duplicate(entity: "category", field: "name", existingID: tools.id.rawValue)) {
            try service.create(NewCategory(name: "TOOLS"), by: owner, on: connection)
        }
        _ = try service.create(NewCategory(name: "Tools", parentID: tools.id), by: owner, on: connection)
        #expect(throws: ERPError.forbidden(action: "change the catalog")) {
            try service.create(NewCategory(name: "Other"), by: keeper, on: connection)
        }
        #expect(throws: ERPError.validationFailed(fields: ["name": "is required"])) {
            try service.create(NewCategory(name: " "), by: owner, on: connection)
        }
        #expect(try service.categories(by: keeper, on: connection).items.count == 2)
    }
}
