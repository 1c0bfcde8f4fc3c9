import Catalog

/// `erp product …`: the catalog from the command line.
enum ProductCommands {
    static let all: [Command] = []
}
