// The bookkeeping half of prepared statements: which statement texts one session has prepared
// under which names, bounded, least recently used out first. Pure (no libpq), so the connection
// does the round trips and this type only decides; see Connection+PreparedStatements.swift.

/// The named statements one session holds on the server, keyed by statement text and parameter
/// types, at most `capacity` of them.
///
/// A statement built from variable parts (`+` of fragments, a placeholder list of varying length)
/// has a text of its own per shape and simply gets its own entry; the bound keeps such shapes
/// from growing the session's memory on the server without limit. Names are never reused within a
/// session (a counter), so a name this cache forgot can never be confused with a newer statement.
struct PreparedStatementCache {
    /// What identifies a prepared statement: the text with `$n` placeholders and the declared
    /// parameter types (the same text bound with other types is another statement).
    struct Key: Hashable {
        let sql: String
        let types: [PostgresType]
    }

    private struct Entry {
        let name: String
        var lastUse: UInt64
    }

    /// The most statements kept prepared; 0 turns preparing off.
    let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var uses: UInt64 = 0
    private var numbered = 0
    /// Names dropped from the cache that still exist on the server: evicted, or found stale.
    /// The connection deallocates them at its next successful prepare.
    private(set) var orphans: [String] = []

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// How many statements are prepared and reachable through the cache.
    var count: Int { entries.count }

    /// The names of the statements the cache holds (for diagnostics and tests).
    var names: Set<String> { Set(entries.values.map(\.name)) }

    /// Whether `sql` is worth preparing: only statements the server plans (a utility statement
    /// such as `SET`, DDL or `DISCARD` gains nothing and must not outlive a `DISCARD ALL` it runs).
    /// Decided on the first word, case-insensitively; anything else runs unnamed, as before.
    func admits(_ sql: String) -> Bool {
        guard capacity > 0 else { return false }
        // The word's capital letters packed into an integer (at most six fit a plannable
        // keyword): no allocation for a check every statement makes.
        var word: UInt64 = 0
        var length = 0
        for byte in sql.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "("):
                if length > 0 { return Self.plannable.contains(word) }
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                word = word << 8 | UInt64(byte - 32)
                length += 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                word = word << 8 | UInt64(byte)
                length += 1
            default:
                return false
            }
            if length > 6 { return false }
        }
        return Self.plannable.contains(word)
    }

    private static let plannable: Set<UInt64> = Set(
        ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "VALUES", "MERGE"].map { name in
            name.utf8.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        }
    )

    /// The name `key` was prepared under, marking it as just used; nil when it is not prepared.
    mutating func use(_ key: Key) -> String? {
        // One hash of the text (statements run to kilobytes; this runs for every one of them).
        guard let index = entries.index(forKey: key) else { return nil }
        uses += 1
        entries.values[index].lastUse = uses
        return entries.values[index].name
    }

    /// A name no statement of this session has had.
    mutating func nextName() -> String {
        numbered += 1
        return "erp_\(numbered)"
    }

    /// Records that `key` is now prepared as `name`; beyond `capacity`, the least recently used
    /// entry moves to `orphans` (O(capacity) then, which only a miss on a full cache pays).
    mutating func insert(_ key: Key, as name: String) {
        uses += 1
        entries[key] = Entry(name: name, lastUse: uses)
        while entries.count > capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
            orphans.append(oldest.value.name)
        }
    }

    /// Drops `key` whose server statement went stale (its result type changed); it is
    /// deallocated with the other orphans.
    mutating func discard(_ key: Key) {
        guard let entry = entries.removeValue(forKey: key) else { return }
        orphans.append(entry.name)
    }

    /// The orphans were deallocated on the server.
    mutating func orphansDeallocated() {
        orphans.removeAll()
    }

    /// Forgets everything: the session's statements are gone (a reconnect, `DISCARD ALL`,
    /// `DEALLOCATE ALL`, or the server reported one of ours missing).
    mutating func removeAll() {
        entries.removeAll()
        orphans.removeAll()
    }
}
