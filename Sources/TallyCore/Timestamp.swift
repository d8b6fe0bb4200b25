/// Instants as whole seconds since 1970-01-01T00:00:00Z, with ISO 8601 parsing and formatting.
public enum Timestamp {
    /// Parses `2025-11-08T09:30:00Z`, `2025-11-08T09:30:00.123+08:00`, `2025-11-08 09:30`,
    /// `2025-11-08T09:30:00` (taken as UTC) or a bare date `2025-11-08` (midnight UTC).
    /// Fractions of a second are dropped. Returns `nil` for anything else.
    public static func parse(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == 32 { bytes.removeLast() }
        return bytes.withUnsafeBufferPointer { parse($0) }
    }

    /// Parses the UTF-8 bytes of a timestamp; see ``parse(_:)-(String)``.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2) else {
            return nil
        }
        guard let date = Day(year: year, month: month, day: day) else { return nil }
        var seconds = 0
        if i < b.count {
            guard b[i] == 84 || b[i] == 116 || b[i] == 32 else { return nil }
            i += 1
            guard let hour = digits(2), hour < 24, expect(58), let minute = digits(2), minute < 60 else { return nil }
            var second = 0
            if i < b.count, b[i] == 58 {
                i += 1
                guard let s = digits(2), s < 61 else { return nil }
                second = s
                if i < b.count, b[i] == 46 || b[i] == 44 {
                    i += 1
                    let start = i
                    while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
                    guard i > start else { return nil }
                }
            }
            seconds = hour * 3600 + minute * 60 + second
            if i < b.count {
                if b[i] == 90 || b[i] == 122 {
                    i += 1
                } else if b[i] == 43 || b[i] == 45 {
                    let sign = b[i] == 43 ? 1 : -1
                    i += 1
                    guard let oh = digits(2), oh <= 14 else { return nil }
                    _ = expect(58)
                    guard let om = digits(2), om < 60 else { return nil }
                    seconds -= sign * (oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
        }
        guard i == b.count else { return nil }
        return Int64(date.ordinal) * 86_400 + Int64(seconds)
    }

    /// Formats as `2025-11-08T09:30:00Z`.
    public static func format(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = Int(seconds - days * 86_400)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(Day(ordinal: Int(days)))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    /// The day of an instant (UTC).
    public static func day(_ seconds: Int64) -> Day {
        Day(ordinal: Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
    }
}
