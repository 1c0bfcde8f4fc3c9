/// `erp serve`: the HTTP API (wired to ERPServer's APIServer).
enum ServeCommands {
    static let all: [Command] = []
}
