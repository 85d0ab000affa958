import Foundation
import Logging
import PostgresKit

/// Which instance runs the status sync when several share one database.
public protocol SyncLeadership: Sendable {
    /// Takes or keeps the leadership; `false` while another live instance holds it.
    func acquire() async throws -> Bool
    /// Gives it up (on shutdown).
    func resign() async throws
}

/// Leadership as a PostgreSQL session advisory lock held on a connection of its own: the lock lives exactly as
/// long as the holder's connection, so when the holder dies (even by SIGKILL) the server drops the connection,
/// frees the lock, and another instance takes it on its next try.
actor PostgresSyncLeadership: SyncLeadership {
    private let connections: PostgresConnections
    private var held: PostgresConnection?
    private let logger: Logger

    init(connections: PostgresConnections, logger: Logger) {
        self.connections = connections
        self.logger = logger
    }

    func acquire() async throws -> Bool {
        if let held {
            // Still the leader while the lock's connection is open and answers (a query on a connection the
            // server has closed does not return, so a closed one is not asked).
            if !held.isClosed, (try? await held.sql().raw("SELECT 1 AS alive").all()) != nil { return true }
            logger.warning("lost the sync leadership's connection")
            self.held = nil
            connections.pool.releaseConnection(held)
        }
        let connection = try await connections.pool.requestConnection().get()
        let rows = try await connection.sql().raw("SELECT pg_try_advisory_lock(\(bind: StoreDialect.syncLeaderLockKey)) AS locked").all()
        guard try rows.first?.decode(column: "locked", as: Bool.self) == true else {
            connections.pool.releaseConnection(connection)
            return false
        }
        held = connection
        logger.info("took the sync leadership")
        return true
    }

    func resign() async throws {
        guard let held else { return }
        self.held = nil
        _ = try? await held.sql().raw("SELECT pg_advisory_unlock(\(bind: StoreDialect.syncLeaderLockKey)) AS unlocked").all()
        connections.pool.releaseConnection(held)
    }
}

extension JobStore {
    /// The sync leadership for this store's database: a PostgreSQL advisory lock; `nil` for SQLite, where one
    /// process owns the database.
    public nonisolated func syncLeadership(logger: Logger = Logger(label: "trainyard.sync")) -> (any SyncLeadership)? {
        postgres.map { PostgresSyncLeadership(connections: $0, logger: logger) }
    }
}
