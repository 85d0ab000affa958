import PostgresKit

/// Where the store's SQL differs between SQLite (one process, the embedded default) and PostgreSQL (many).
enum StoreDialect: Sendable, Hashable {
    case sqlite
    case postgres

    /// Starts a transaction that writes: SQLite takes its write lock at once, so two processes cannot both read
    /// the old state and then write.
    var beginExclusive: String {
        switch self {
        case .sqlite: "BEGIN IMMEDIATE"
        case .postgres: "BEGIN"
        }
    }

    /// The clause that makes a lease's row lock skip rows another transaction holds, so two workers never wait on
    /// or take the same job; SQLite serializes writers instead.
    var skipLockedRows: String {
        switch self {
        case .sqlite: ""
        case .postgres: " FOR UPDATE SKIP LOCKED"
        }
    }

    /// The PostgreSQL advisory lock that serializes migrations.
    static let migrationLockKey: Int64 = 0x7472_6169_6e79_0001
    /// The PostgreSQL advisory lock the status sync's leader holds.
    static let syncLeaderLockKey: Int64 = 0x7472_6169_6e79_0002
}

/// PostgreSQL's connection pool. The pool guards its state with its own lock, though AsyncKit does not mark it
/// `Sendable`.
final class PostgresConnections: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>

    init(_ pool: EventLoopGroupConnectionPool<PostgresConnectionSource>) {
        self.pool = pool
    }
}
