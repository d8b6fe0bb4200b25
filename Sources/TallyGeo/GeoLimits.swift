/// How much one boundary file or stored shape may hold; every reader checks these before or while it reads, so a
/// hostile or mistaken file costs bounded time and memory.
public struct GeoLimits: Hashable, Sendable {
    /// The largest file, in bytes.
    public var maxBytes: Int
    /// The most features (or DHIS2 organisation units) in one file.
    public var maxFeatures: Int
    /// The most positions in one file or one stored shape, closing positions included.
    public var maxPoints: Int
    /// The deepest nesting of arrays and objects.
    public var maxDepth: Int
    /// The longest string, in bytes (names, codes and any other property).
    public var maxStringBytes: Int

    /// Limits; the defaults hold a province's villages at a few hundred points each.
    public init(
        maxBytes: Int = 256 << 20, maxFeatures: Int = 100_000, maxPoints: Int = 10_000_000, maxDepth: Int = 64,
        maxStringBytes: Int = 65_536
    ) {
        self.maxBytes = maxBytes
        self.maxFeatures = maxFeatures
        self.maxPoints = maxPoints
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
    }
}
