internal import Dispatch
internal import Foundation
public import Tally
public import TallyStore

/// The open database behind the server: the workspace (store, metadata, tree, ids) and the accounts.
///
/// The ``Store`` and ``AccountStore`` protocols are synchronous, so every call runs on a dispatch queue,
/// never on the event loops or the cooperative pool. Reads run concurrently; writes run one at a time on a
/// serial queue, so that a version check and the write it guards are one step for every writer of this
/// server (the store's transaction makes the write itself atomic).
public final class Backend: Sendable {
    /// The accounts.
    public let accounts: any AccountStore
    private let current: Locked<Workspace>
    private let readQueue = DispatchQueue(label: "tally.server.read", attributes: .concurrent)
    private let writeQueue = DispatchQueue(label: "tally.server.write")

    /// A backend over an open workspace and an account store (usually the same database).
    public init(workspace: Workspace, accounts: any AccountStore) {
        self.accounts = accounts
        self.current = Locked(workspace)
    }

    /// Opens a database for serving: values, metadata and accounts in one SQLite file or one PostgreSQL database.
    ///
    /// - Parameter path: a SQLite file, or a `postgres://` or `postgresql://` URL (see ``Workspace/openStore(_:create:)``).
    /// - Throws: ``StoreError`` when the database has no metadata yet or keeps no accounts; the store's errors when
    ///   it cannot be opened.
    public static func open(path: String) throws -> Backend {
        let store = try Workspace.openStore(path)
        guard let accounts = store as? any AccountStore else {
            throw StoreError(.notFound, "the database \(store.location) keeps no accounts")
        }
        return Backend(workspace: try Workspace.load(store), accounts: accounts)
    }

    /// The workspace as of the last write.
    public var workspace: Workspace { current.value }

    /// Runs a read off the event loops.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Workspace) throws -> T) async throws -> T {
        let workspace = current.value
        return try await withCheckedThrowingContinuation { continuation in
            readQueue.async { continuation.resume(with: Result { try body(workspace) }) }
        }
    }

    /// Runs a write on the serial write queue; with `reload`, reads the workspace again afterwards (new
    /// periods get ids, so the engine must see the new catalog).
    public func write<T: Sendable>(
        reload: @escaping @Sendable (T) -> Bool = { _ in false }, _ body: @escaping @Sendable (Workspace) throws -> T
    ) async throws -> T {
        let current = self.current
        return try await withCheckedThrowingContinuation { continuation in
            writeQueue.async {
                continuation.resume(
                    with: Result {
                        let result = try body(current.value)
                        if reload(result) { current.value = try Workspace.load(current.value.store) }
                        return result
                    })
            }
        }
    }

    /// Runs an account call off the event loops.
    public func account<T: Sendable>(_ body: @escaping @Sendable (any AccountStore) throws -> T) async throws -> T {
        let accounts = self.accounts
        return try await withCheckedThrowingContinuation { continuation in
            readQueue.async { continuation.resume(with: Result { try body(accounts) }) }
        }
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        try lock.withLock { try body(&stored) }
    }
}
