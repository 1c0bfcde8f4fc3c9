@testable import ERPCore
import Postgres
import Testing

@Suite("Database errors become ERP errors")
struct ERPErrorDatabaseTests {
    @Test(arguments: [
        ("Key (sku)=(ABC) already exists.", "sku"),
        ("Key (inn, kpp)=(7707083893, 773601001) already exists.", "inn, kpp"),
        ("Key (lower(login::text))=(anna) already exists.", "login"),
        ("Key (lower(sku))=(abc) already exists.", "sku"),
    ])
    func uniqueViolationsNameTheFields(_ detail: String, _ field: String) {
        let error = PostgresError(.server, message: "duplicate key", sqlState: "23505", constraint: "x_key", table: "products", detail: detail)
        #expect(ERPError.translating(error, reference: "r") == .duplicate(entity: "products", field: field, existingID: nil))
    }

    @Test func connectionFailuresAreUnavailable() {
        for kind in [PostgresError.Kind.connection, .poolTimeout, .commitOutcomeUnknown] {
            guard case .unavailable = ERPError.translating(PostgresError(kind, message: "down"), reference: "r") else {
                Issue.record("\(kind) should be unavailable")
                continue
            }
        }
    }

    @Test func retryExhaustionIsUnavailableAndUnknownStatesAreInternal() {
        let deadlock = PostgresError(.server, message: "deadlock", sqlState: "40P01")
        guard case .unavailable = ERPError.translating(deadlock, reference: "r") else {
            Issue.record("deadlock should be unavailable")
            return
        }
        let odd = PostgresError(.server, message: "relation missing", sqlState: "42P01")
        #expect(ERPError.translating(odd, reference: "req-1") == .internal(reference: "req-1"))
    }

    @Test func checkViolationsAreValidationFailures() {
        let error = PostgresError(.server, message: "check", sqlState: "23514", constraint: "stock_levels_reserved_le_on_hand")
        #expect(ERPError.translating(error, reference: "r") == .validationFailed(fields: ["stock_levels_reserved_le_on_hand": "is not an allowed value"]))
    }

    @Test func arithmeticOnClientValuesThatDoesNotFitIsValidationFailedNotInternal() {
        let overflow = ValueError.overflow(operation: "999999999999.000 × 99999999999.00")
        #expect(ERPError.from(overflow, reference: "r") == .validationFailed(fields: ["value": overflow.description]))
    }
}
