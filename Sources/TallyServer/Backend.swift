internal import Dispatch
internal import Foundation
public import Tally
public import TallyStore
internal import TallyText

/// The open database behind the server: the workspace (store, metadata, tree, ids) and the accounts.
///
/// The ``Store`` and ``AccountStore`` protocols are synchronous, so every call runs on a dispatch queue,
/// never on the event loops or the cooperative pool. Reads run concurrently; writes run one at a time on a
/// serial queue, so that a version check and the write it guards are one step for every writer of this
/// server (the store's transaction makes the write itself atomic).
public final class Backend: Sendable {
    /// The accounts.
    public let accounts: any AccountStore
    /// The workspace and the store's change token when it was loaded (`nil`: not known, load again at first use).
    private let current: Locked<(workspace: Workspace, token: Int64?)>
    /// Held while the workspace is loaded again, so that concurrent requests load it once.
    private let reloading = NSLock()
    private let readQueue = DispatchQueue(label: "tally.server.read", attributes: .concurrent)
    private let writeQueue = DispatchQueue(label: "tally.server.write")

    /// A backend over an open workspace and an account store (usually the same database). The workspace is read
    /// again at the first request, since the database may have changed since it was loaded.
    public convenience init(workspace: Workspace, accounts: any AccountStore) {
        self.init(workspace: workspace, accounts: accounts, token: nil)
    }

    private init(workspace: Workspace, accounts: any AccountStore, token: Int64?) {
        self.accounts = accounts
        self.current = Locked((workspace, token))
    }

    /// Opens a database for serving: values, metadata and accounts in one SQLite file or one PostgreSQL database.
    ///
    /// - Parameter path: a SQLite file, or a `postgres://` or `postgresql://` URL (see ``Workspace/openStore(_:create:)``).
    /// - Throws: ``StoreError`` when the database has no metadata yet or keeps no accounts; the store's errors when
    ///   it cannot be opened.
    public static func open(path: String) throws -> Backend {
        let store = try Workspace.openStore(path)
        guard let accounts = store as? any AccountStore else {
            throw StoreError(
                .notFound,
                Localized(zh: "数据库 \(store.location) 不保存账户", en: "the database \(store.location) keeps no accounts"))
        }
        let token = try store.changeToken()
        return Backend(workspace: try Workspace.load(store), accounts: accounts, token: token)
    }

    /// The workspace as last loaded: at the server's own last write or at the last request that found the
    /// database changed by another process (see ``refreshIfChanged()``).
    public var workspace: Workspace { current.value.workspace }

    /// The workspace, loaded again first when another process (a `tally import`, `metadata apply` or `orgunits
    /// import` into the same database) has changed it since: the store's ``Store/changeToken()`` moved. Costs one
    /// tiny query when nothing changed. Runs on the backend's queues, never on an event loop.
    func refreshIfChanged() throws -> Workspace {
        let loaded = current.value
        let token = try loaded.workspace.store.changeToken()
        if token == loaded.token { return loaded.workspace }
        return try reloading.withLock {
            let latest = current.value
            if latest.token == token { return latest.workspace }
            let workspace = try Workspace.load(latest.workspace.store)
            current.value = (workspace, token)
            return workspace
        }
    }

    /// Loads the workspace again, with the change token read first (a change in between loads it once more later).
    private func reload() throws {
        try reloading.withLock {
            let store = current.value.workspace.store
            let token = try store.changeToken()
            current.value = (try Workspace.load(store), token)
        }
    }

    /// Runs a read off the event loops, on the workspace as the database now is.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Workspace) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            readQueue.async { continuation.resume(with: Result { try body(try self.refreshIfChanged()) }) }
        }
    }

    /// Runs a write on the serial write queue, on the workspace as the database now is; with `reload`, reads the
    /// workspace again afterwards (new periods get ids, so the engine must see the new catalog).
    public func write<T: Sendable>(
        reload: @escaping @Sendable (T) -> Bool = { _ in false }, _ body: @escaping @Sendable (Workspace) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            writeQueue.async {
                continuation.resume(
                    with: Result {
                        let result = try body(try self.refreshIfChanged())
                        if reload(result) { try self.reload() }
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
