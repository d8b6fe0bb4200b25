extension String {
    /// The text without the spaces and tabs around it: how every reader of Tally's files trims a field.
    package var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }

    /// The text without a leading byte-order mark (as Excel writes at the start of a UTF-8 file).
    package var replacingBOM: String {
        hasPrefix("\u{FEFF}") ? String(dropFirst()) : self
    }
}
