/// One named check of a suite that every store must pass, run against a new store of the kind `Subject`
/// (``StoreSuite/Check``, ``AccountStoreSuite/Check``).
public struct SuiteCheck<Subject>: Sendable, CustomStringConvertible {
    /// The check's name.
    public let name: String
    let body: @Sendable (Subject) throws -> Void

    /// Runs the check against a new store.
    public func run(_ makeStore: () throws -> Subject) throws {
        try body(try makeStore())
    }

    public var description: String { name }
}
