public import TallyText

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
    public var location: Localized<String>?
    /// The sentence without the location.
    public let details: Localized<String>
    /// The same, in English.
    public var detail: String { details.en }

    /// An error about `unitCode`.
    public init(_ code: Code, unit unitCode: String, location: Localized<String>? = nil, detail: Localized<String>) {
        self.code = code
        self.unitCode = unitCode
        self.location = location
        self.details = detail
    }

    public var errorCode: String { "orgunits.\(code.rawValue)" }

    public func message(_ language: Language) -> String {
        (location.map { .placed($0, details) } ?? details)(language)
    }
}
