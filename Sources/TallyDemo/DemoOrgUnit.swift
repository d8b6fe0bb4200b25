/// One org unit of the generated tree, as written to `orgunits.csv`.
public struct DemoOrgUnit: Sendable, Hashable {
    /// The 12-digit administrative-style code.
    public var code: String
    /// The Chinese name, such as 青石镇 or 王家村.
    public var name: String
    /// The parent's code, or `nil` for the top unit.
    public var parentCode: String?
    /// The level: 1 for the top unit.
    public var level: Int
    /// The English name (the county and its towns in pinyin, such as Qingshi Town); `nil` for the rest.
    public var englishName: String?

    /// An org unit.
    public init(code: String, name: String, parentCode: String?, level: Int, englishName: String? = nil) {
        self.englishName = englishName
        self.code = code
        self.name = name
        self.parentCode = parentCode
        self.level = level
    }
}
