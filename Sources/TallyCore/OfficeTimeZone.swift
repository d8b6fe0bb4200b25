/// The office's time zone: where its days begin and end, for judging when a report was due and when it was
/// stored (`time_zone` in the metadata, such as `Asia/Shanghai`).
///
/// A report due on 10 November is on time when its first value was stored before midnight at the end of
/// 10 November in the office, not in UTC: in Beijing (UTC+8) a value stored at 20:00 UTC on 10 November was
/// stored at 04:00 on 11 November, a day late. The zone's offsets come from its rules (the parser resolves the
/// name with the system's time-zone database); this type only applies them, so it stays a pure value.
/// Two zones are equal when their identifiers are.
public struct OfficeTimeZone: Sendable, Hashable, CustomStringConvertible {
    /// The zone's name, such as `Asia/Shanghai`, or `UTC`.
    public let identifier: String
    /// Seconds east of UTC in force at an instant (seconds since 1970, UTC).
    let offsetAt: @Sendable (Int64) -> Int

    /// A zone whose offset from UTC at an instant is given by `secondsFromUTC`.
    ///
    /// - Parameters:
    ///   - identifier: the zone's name.
    ///   - secondsFromUTC: seconds east of UTC (Beijing: 28,800) in force at an instant.
    public init(identifier: String, secondsFromUTC: @escaping @Sendable (Int64) -> Int) {
        self.identifier = identifier
        offsetAt = secondsFromUTC
    }

    /// A zone with one offset all year, such as `UTC+8`.
    public init(identifier: String, fixedSecondsFromUTC seconds: Int) {
        self.init(identifier: identifier, secondsFromUTC: { _ in seconds })
    }

    /// Coordinated Universal Time.
    public static let utc = OfficeTimeZone(identifier: "UTC", fixedSecondsFromUTC: 0)

    /// Seconds east of UTC in force at `instant` (seconds since 1970, UTC).
    public func secondsFromUTC(at instant: Int64) -> Int {
        offsetAt(instant)
    }

    /// The office's calendar day at `instant` (seconds since 1970, UTC).
    public func day(of instant: Int64) -> Day {
        Timestamp.day(instant + Int64(offsetAt(instant)))
    }

    /// `instant` as the office's clock shows it, to the minute: `2026-11-08 14:03`.
    public func minute(of instant: Int64) -> String {
        let local = Timestamp.format(instant + Int64(offsetAt(instant)))  // 2026-11-08T14:03:09Z
        return local.prefix(10) + " " + local.dropFirst(11).prefix(5)
    }

    /// The last second of `day` in the office, as seconds since 1970 (UTC): one second before the office's
    /// midnight that ends it.
    public func endOfDay(_ day: Day) -> Int64 {
        let midnight = Int64(day.ordinal + 1) * 86_400
        // The offset in force just before the local midnight (a guess from UTC's midnight, then corrected).
        let offset = offsetAt(midnight - Int64(offsetAt(midnight)))
        return midnight - Int64(offset) - 1
    }

    public var description: String { identifier }

    public static func == (lhs: OfficeTimeZone, rhs: OfficeTimeZone) -> Bool {
        lhs.identifier == rhs.identifier
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(identifier)
    }
}
