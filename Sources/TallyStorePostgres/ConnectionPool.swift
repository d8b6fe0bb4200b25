internal import Foundation

/// A few ``BlockingConnection``s shared by the threads that call one ``PostgresStore``.
///
/// A thread takes a connection for one store call (or one transaction) and gives it back; while it holds one,
/// nested calls on the same thread get the same connection, so a transaction's body sees its own writes. At most
/// `size` connections are opened, lazily: a command-line run, on one thread, opens one; a server's concurrent
/// reads each get one and do not wait for a write's transaction to commit. A thread that finds every connection
/// taken waits. A connection that was lost is closed instead of given back, and the next caller opens a new one.
final class ConnectionPool: @unchecked Sendable {
    let url: PostgresURL
    let size: Int
    /// Run on every new connection before its first use (session settings such as `search_path`).
    private let prepare: @Sendable (BlockingConnection) throws -> Void
    private let condition = NSCondition()
    private var idle: [BlockingConnection] = []
    private var opened = 0
    private var held: [ObjectIdentifier: (connection: BlockingConnection, depth: Int)] = [:]
    /// The rows every connection of the pool has received.
    let received = RowCounter()

    init(url: PostgresURL, size: Int, prepare: @escaping @Sendable (BlockingConnection) throws -> Void) {
        precondition(size >= 1)
        self.url = url
        self.size = size
        self.prepare = prepare
    }

    /// How many connections are open now.
    var openCount: Int { condition.withLock { opened } }

    /// Runs `body` with this thread's connection, outside a transaction.
    func locked<R>(_ body: (BlockingConnection) throws -> R) throws -> R {
        let connection = try acquire()
        do {
            let result = try connection.locked { try body(connection) }
            release(connection, after: nil)
            return result
        } catch {
            release(connection, after: error)
            throw error
        }
    }

    /// Runs `body` in one transaction on this thread's connection (see ``BlockingConnection/transaction(commit:_:)``).
    func transaction<R>(commit: Bool = true, _ body: (BlockingConnection) throws -> R) throws -> R {
        try locked { connection in try connection.transaction(commit: commit) { try body(connection) } }
    }

    private func acquire() throws -> BlockingConnection {
        let thread = ObjectIdentifier(Thread.current)
        condition.lock()
        if let entry = held[thread] {
            held[thread] = (entry.connection, entry.depth + 1)
            condition.unlock()
            return entry.connection
        }
        while idle.isEmpty && opened >= size { condition.wait() }
        if let connection = idle.popLast() {
            held[thread] = (connection, 1)
            condition.unlock()
            return connection
        }
        opened += 1
        condition.unlock()
        let connection: BlockingConnection
        do {
            connection = try BlockingConnection(url: url, received: received)
            try prepare(connection)
        } catch {
            condition.withLock {
                opened -= 1
                condition.signal()
            }
            throw error
        }
        condition.withLock { held[thread] = (connection, 1) }
        return connection
    }

    private func release(_ connection: BlockingConnection, after error: (any Error)?) {
        let thread = ObjectIdentifier(Thread.current)
        condition.lock()
        defer { condition.unlock() }
        guard let entry = held[thread] else { return }
        if entry.depth > 1 {
            held[thread] = (connection, entry.depth - 1)
            return
        }
        held[thread] = nil
        if (error as? PostgresStoreError)?.code == .connectionLost {
            opened -= 1
        } else {
            idle.append(connection)
        }
        condition.signal()
    }
}

/// A count of rows received from the server, shared between threads.
final class RowCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Adds `n` rows.
    func add(_ n: Int) { lock.withLock { count += n } }

    /// The rows counted so far.
    var value: Int { lock.withLock { count } }
}
