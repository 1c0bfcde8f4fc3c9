import Parties

/// `erp party …`: counterparties from the command line.
enum PartyCommands {
    static let all: [Command] = []
}
