/// A problem in an org-unit list: nothing from the list is loaded.
public struct OrgUnitError: TallyError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        case emptyCode, duplicateCode, unknownParent, cycle, emptyName, unknownUnit, unreadable, badHeader
        /// More than one unit without a parent: Tally adds every figure up to one top unit.
        case severalTopUnits
    }

    /// What went wrong.
    public let code: Code
    /// The unit concerned.
    public let unitCode: String
    /// Where the unit was read from, such as `orgunits.csv, line 12`, when known.
    public var location: String?
    /// The sentence without the location.
    public let detail: String

    /// An error about `unitCode`.
    public init(_ code: Code, unit unitCode: String, location: String? = nil, detail: String) {
        self.code = code
        self.unitCode = unitCode
        self.location = location
        self.detail = detail
    }

    public var errorCode: String { "orgunits.\(code.rawValue)" }
    public var message: String { location.map { "\($0): \(detail)" } ?? detail }
}
