import Postgres

extension Connection {
    /// The round trips to the server `body` makes on this connection (see `roundTrips`): what
    /// the round-trip tests pin per business transaction.
    package func roundTripsTaken(by body: () throws -> Void) rethrows -> Int {
        let before = roundTrips
        try body()
        return roundTrips - before
    }
}
