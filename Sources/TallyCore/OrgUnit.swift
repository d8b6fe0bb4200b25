/// One organisation unit: a county, town, sub-district, village or residents' committee.
public struct OrgUnit: Hashable, Sendable, Codable {
    /// The stable code, such as the 12-digit administrative code `360121101201`.
    public var code: String
    /// The display name (UTF-8; Chinese names are the norm).
    public var name: String
    /// The parent's code; `nil` for a root.
    public var parentCode: String?

    /// A unit with its code, name and parent code.
    public init(code: String, name: String, parentCode: String?) {
        self.code = code
        self.name = name
        self.parentCode = parentCode
    }
}
