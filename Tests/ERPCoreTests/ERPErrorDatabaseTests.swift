@testable import ERPCore
import Postgres
import Testing
import TestSupport

@Suite("Database errors become ERP errors")
struct ERPErrorDatabaseTests {
    private func server(_ state: SQLState, constraint: String? = nil, column: String? = nil) -> PostgresError {
        PostgresError(.server, message: "refused", sqlState: state, constraint: constraint, column: column)
    }

    @Test(arguments: [
        ("Key (sku)=(ABC) already exists.", "sku"),
        ("Key (inn, kpp)=(7707083893, 773601001) already exists.", "inn, kpp"),
        ("Key (lower(login::text))=(anna) already exists.", "login"),
        ("Key (lower(sku))=(abc) already exists.", "sku"),
    ])
    func keyColumnsAreReadFromTheDetailWithoutExpressionNoise(_ detail: String, _ field: String) {
        #expect(ERPError.keyColumns(detail) == field)
    }

    @Test(arguments: [
        ("products_sku_key", "product", "sku"), ("product_barcodes_pkey", "product", "barcodes"),
        ("parties_inn_kpp_key", "party", "inn, kpp"), ("warehouses_code_key", "warehouse", "code"),
        ("users_login_folded_key", "user", "login"), ("categories_name_key", "category", "name"),
    ])
    func uniqueViolationsOfReachableConstraintsAreDuplicatesNamingTheAPIField(_ constraint: String, _ entity: String, _ field: String) {
        let error = server(.uniqueViolation, constraint: constraint)
        #expect(ERPError.translating(error, reference: "r") == .duplicate(entity: entity, field: field, existingID: nil))
    }

    @Test(arguments: [
        ("products_price_not_negative", "price", "must not be negative"),
        ("parties_bank_bic_format", "bank.bic", "must be 9 digits starting with 04"),
        ("payments_amount_positive", "amount", "must be greater than zero"),
        ("warehouses_address_length", "address", "must be at most 500 characters long"),
        ("tasks_reminder_before_due", "remind_at", "must not be after due_at"),
    ])
    func checkViolationsOfReachableConstraintsNameTheAPIFieldAndWhatIsWrong(_ constraint: String, _ field: String, _ message: String) {
        let error = server(.checkViolation, constraint: constraint)
        #expect(ERPError.translating(error, reference: "r") == .validationFailed(fields: [field: message]))
    }

    @Test func aViolatedInvariantOrUnknownConstraintIsInternalNeverAFieldNamedAfterTheConstraint() {
        for constraint in ["stock_levels_reserved_le_on_hand", "sales_orders_number_key", "no_such_constraint"] {
            #expect(ERPError.translating(server(.checkViolation, constraint: constraint), reference: "req-9") == .internal(reference: "req-9"))
            #expect(ERPError.translating(server(.uniqueViolation, constraint: constraint), reference: "req-9") == .internal(reference: "req-9"))
        }
        #expect(ERPError.translating(server(.checkViolation), reference: "req-9") == .internal(reference: "req-9"))
    }

    @Test func everyNamedConstraintIsEitherMappedOrAnInvariantNeverBoth() throws {
        let named = try MigrationConstraints.named()
        #expect(named.count > 100, "the parser found only \(named.count) constraints")
        let mapped = Set(ConstraintFields.mapped.keys)
        let unaccounted = named.subtracting(mapped).subtracting(ConstraintFields.invariants)
        #expect(unaccounted.isEmpty, "map these to an API field or list them as invariants: \(unaccounted.sorted())")
        #expect(mapped.isDisjoint(with: ConstraintFields.invariants))
        let stale = mapped.union(ConstraintFields.invariants).subtracting(named).subtracting(["product_barcodes_pkey"])
        #expect(stale.isEmpty, "no migration declares these: \(stale.sorted())")
    }

    @Test func noMappedFieldIsAConstraintName() {
        for (name, guarded) in ConstraintFields.mapped {
            #expect(guarded.field != name && !guarded.field.contains("_key") && !guarded.message.isEmpty, "\(name)")
        }
    }

    @Test(arguments: [
        ("08000", true), ("08006", true), ("08001", true), ("57P01", true), ("57P02", true), ("57P03", true),
        ("40001", false), ("23505", false), ("57014", false), ("42501", false),
    ] as [(SQLState, Bool)])
    func connectionExceptionsAndShutdownsAreConnectionFailuresAndUnavailable(_ state: SQLState, _ isConnection: Bool) {
        #expect(server(state).isConnectionFailure == isConnection)
        if isConnection {
            #expect(ERPError.translating(server(state), reference: "r").code == .unavailable)
        }
    }

    @Test(arguments: [
        (SQLState.serializationFailure, ERPError.Code.unavailable), (.deadlockDetected, .unavailable),
        (.queryCanceled, .unavailable), (.lockNotAvailable, .unavailable),
        (.insufficientPrivilege, .internal), (.undefinedTable, .internal), ("42601", .internal),
        (.notNullViolation, .validationFailed), (.stringDataRightTruncation, .validationFailed),
        (.numericValueOutOfRange, .validationFailed), (.invalidTextRepresentation, .validationFailed),
        (.invalidDatetimeFormat, .validationFailed), (.datetimeFieldOverflow, .validationFailed),
        (.foreignKeyViolation, .validationFailed),
    ])
    func eachSQLStateClassTranslatesToItsCode(_ state: SQLState, _ code: ERPError.Code) {
        #expect(ERPError.translating(server(state, column: "qty"), reference: "r").code == code)
    }

    @Test func onlySerializationFailuresAndDeadlocksAreRetried() {
        #expect(server(.serializationFailure).isRetryableTransactionFailure)
        #expect(server(.deadlockDetected).isRetryableTransactionFailure)
        #expect(!server(.lockNotAvailable).isRetryableTransactionFailure && !server(.uniqueViolation).isRetryableTransactionFailure)
        #expect(SQLState.serializationFailure.classCode == "40" && SQLState(rawValue: "08006").isConnectionException)
    }

    @Test func connectionFailuresAreUnavailable() {
        for kind in [PostgresError.Kind.connection, .poolTimeout, .commitOutcomeUnknown] {
            #expect(ERPError.translating(PostgresError(kind, message: "down"), reference: "r").code == .unavailable, "\(kind)")
        }
    }

    @Test func realViolationsFromPostgresNameTheAPIFieldNotTheConstraint() throws {
        let connection = try TestDatabase.make().connectAsOwner()
        try connection.query("INSERT INTO warehouses (code, name) VALUES ('MAIN', 'Main')")
        let duplicate = #expect(throws: PostgresError.self) { try connection.query("INSERT INTO warehouses (code, name) VALUES ('main', 'Other')") }
        #expect(duplicate.map { ERPError.translating($0, reference: "r") } == .duplicate(entity: "warehouse", field: "code", existingID: nil))
        let tooLong = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO warehouses (code, name, address) VALUES ('B', 'B', repeat('x', 501))")
        }
        #expect(tooLong.map { ERPError.translating($0, reference: "r") } == .validationFailed(fields: ["address": "must be at most 500 characters long"]))
        #expect(try connection.query("SELECT count(*) FROM warehouses").single().decode(0, as: Int.self) == 1)
    }

    @Test func arithmeticOnClientValuesThatDoesNotFitIsValidationFailedNotInternal() {
        let overflow = ValueError.overflow(operation: "999999999999.000 × 99999999999.00")
        #expect(ERPError.from(overflow, reference: "r") == .validationFailed(fields: ["value": overflow.description]))
    }
}
