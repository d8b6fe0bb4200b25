internal import Foundation
public import TallyCore

extension OfficeTimeZone {
    /// The zone named `identifier` in the system's time-zone database (`Asia/Shanghai`, `UTC`), with its offsets
    /// from the database's rules; nil for a name the database does not know.
    public static func system(named identifier: String) -> OfficeTimeZone? {
        guard !identifier.isEmpty, let zone = TimeZone(identifier: identifier) else { return nil }
        return OfficeTimeZone(zone)
    }

    /// The machine's own time zone: the default when the metadata names none.
    public static var machine: OfficeTimeZone {
        OfficeTimeZone(TimeZone.current)
    }

    init(_ zone: TimeZone) {
        self.init(identifier: zone.identifier) { instant in
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
        }
    }
}
