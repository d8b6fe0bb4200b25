internal import TallyText

/// CSV helpers: RFC 4180 quoting and an append-only byte buffer that hands full chunks to a sink.
struct DemoCSV {
    /// A field, quoted when it holds a comma, quote, CR or LF (``Escape/csvField(_:quotingSurroundingSpaces:)``).
    static func field(_ text: String) -> String { Escape.csvField(text) }

    /// Rows as CSV text, each line ending in LF.
    static func text(_ rows: [[String]]) -> String {
        var out = ""
        for row in rows {
            out += row.map(field).joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// The bytes not yet handed on.
    var bytes: [UInt8]
    /// The buffer is handed on once it holds this many bytes.
    let chunkSize: Int

    /// An empty buffer.
    init(chunkSize: Int) {
        self.chunkSize = max(chunkSize, 4096)
        bytes = []
        bytes.reserveCapacity(self.chunkSize + 4096)
    }

    /// Whether the buffer is full enough to hand on.
    @inline(__always)
    var isFull: Bool { bytes.count >= chunkSize }

    /// Appends a non-negative integer in decimal.
    @inline(__always)
    mutating func appendDecimal(_ value: Int) {
        if value < 10 {
            bytes.append(UInt8(truncatingIfNeeded: 48 + max(value, 0)))
            return
        }
        var length = 0
        var rest = value
        while rest > 0 {
            length += 1
            rest /= 10
        }
        let start = bytes.count
        for _ in 0..<length { bytes.append(48) }
        var v = value
        var i = start + length - 1
        while v > 0 {
            bytes[i] = UInt8(truncatingIfNeeded: 48 + v % 10)
            v /= 10
            i -= 1
        }
    }
}
