/// Where a workspace's engine adds up an element's values over periods and combos.
///
/// Either way the figures are the same to the last bit; only what crosses between the store and the engine
/// differs.
public enum AggregationPlace: String, Sendable, CaseIterable {
    /// In the engine, from every value read from the store: the embedded SQLite store's way, as its blocks are
    /// read faster than any SQL could add them.
    case engine
    /// In the store, which sends one total per org unit (PostgreSQL, an ``TallyStore/AggregatingStore``); the
    /// engine rolls those up the tree.
    case store
}
