/// A disaggregation such as sex, with its options in order.
public struct Category: Hashable, Sendable {
    /// The category code, such as `sex`.
    public var code: String
    /// The display name.
    public var name: LocalizedText
    /// The options in their display order.
    public var options: [CategoryOption]

    /// A category with its options.
    public init(code: String, name: LocalizedText, options: [CategoryOption]) {
        self.code = code
        self.name = name
        self.options = options
    }
}

/// One option of a category, such as `male`.
public struct CategoryOption: Hashable, Sendable {
    /// The option code; letters and digits only, since combos join option codes with `_`.
    public var code: String
    /// The display name.
    public var name: LocalizedText

    /// An option with its name.
    public init(code: String, name: LocalizedText) {
        self.code = code
        self.name = name
    }
}

/// One combination of category options, such as `male` or `male_lt1`; named by its option codes in
/// the order of the element's categories, joined by `_`. An element without categories has the single
/// combo ``CategoryOptionCombo/none`` whose code is the empty string.
public struct CategoryOptionCombo: Hashable, Sendable, Comparable {
    /// The option codes, one per category of the element.
    public var options: [String]

    /// A combo of these options.
    public init(options: [String]) {
        self.options = options
    }

    /// The combo of an element with no categories.
    public static let none = CategoryOptionCombo(options: [])

    /// The combo's code: its options joined by `_` (empty for ``none``).
    public var code: String { options.joined(separator: "_") }

    /// Whether this combo contains every option in `selection` (in any order).
    public func matches(_ selection: [String]) -> Bool {
        selection.allSatisfy(options.contains)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.code < rhs.code }
}
