/// One numbered SQL migration file, embedded into the binary at build time.
package struct Migration: Sendable, Equatable {
    package let name: String
    package let sql: String
}
/// The migrations runner.
package enum Migrations {}
