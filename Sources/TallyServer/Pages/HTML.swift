internal import TallyText

extension String {
    /// Escaped for HTML text or a quoted attribute (``Escape/html(_:)``): every string from users or the database
    /// goes through it.
    var html: String { Escape.html(self) }
}
