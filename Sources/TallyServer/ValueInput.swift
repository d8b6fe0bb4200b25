public import TallyStore
internal import TallyText

/// One value to write through the API or a form: codes as in an import file, plus the version read.
public struct ValueInput: Sendable, Decodable, Equatable {
    /// The element code.
    public var element: String
    /// The category option combo code (empty or `nil` for none).
    public var combo: String?
    /// The org unit code.
    public var orgunit: String
    /// The period identifier.
    public var period: String
    /// The value as text (a JSON number or string), checked like an import's `value` column.
    public var value: String?
    /// A comment.
    public var comment: String?
    /// Whether to mark the value for follow-up.
    public var followup: Bool?
    /// Whether to remove the value (keeping it in history).
    public var deleted: Bool?
    /// The `updated` time the client read; a write is refused with 409 when the value changed since.
    public var updated: Int64?
    /// The `version` the client read (0 when it read no value); refused with 409 when it changed since.
    public var version: Int?
    /// Confirms breaking validation rules of `medium` importance (`POST /api/values`; a batch has its own).
    public var confirmRules: Bool?

    /// A value to write.
    public init(
        element: String, combo: String? = nil, orgunit: String, period: String, value: String?,
        comment: String? = nil, followup: Bool? = nil, deleted: Bool? = nil, updated: Int64? = nil,
        version: Int? = nil
    ) {
        self.element = element
        self.combo = combo
        self.orgunit = orgunit
        self.period = period
        self.value = value
        self.comment = comment
        self.followup = followup
        self.deleted = deleted
        self.updated = updated
        self.version = version
    }

    enum CodingKeys: String, CodingKey {
        case element, combo, orgunit, period, value, comment, followup, deleted, updated, version
        case confirmRules = "confirm_rules"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        element = try c.decode(String.self, forKey: .element)
        combo = try c.decodeIfPresent(String.self, forKey: .combo)
        orgunit = try c.decode(String.self, forKey: .orgunit)
        period = try c.decode(String.self, forKey: .period)
        if let number = try? c.decodeIfPresent(Double.self, forKey: .value) {
            value = NumberText.exact(number)
        } else {
            value = try c.decodeIfPresent(String.self, forKey: .value)
        }
        comment = try c.decodeIfPresent(String.self, forKey: .comment)
        followup = try c.decodeIfPresent(Bool.self, forKey: .followup)
        deleted = try c.decodeIfPresent(Bool.self, forKey: .deleted)
        updated = try c.decodeIfPresent(Int64.self, forKey: .updated)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
        confirmRules = try c.decodeIfPresent(Bool.self, forKey: .confirmRules)
    }
}
