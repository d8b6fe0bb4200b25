internal import Foundation

/// The one place that decides what an input text becomes before anything looks it up, checks it or stores it.
///
/// Every input — API JSON, form fields, uploaded and imported files, command-line arguments — goes through
/// ``Canonical/canonical(_:as:)`` once; lookups, access checks, period locks, versions and the write then all use
/// the canonical text (or what it resolved to), never the raw input. The rules:
/// - leading and trailing white space is removed (spaces, tabs, no-break and ideographic spaces, line breaks);
/// - the text is put in Unicode normalisation form C (NFC), so that one name typed two ways is one name;
/// - characters that hide or change what a reader sees are refused, never silently dropped: NUL and the other
///   C0 and C1 control characters (in free text a tab and line breaks inside are allowed), the line and paragraph
///   separators, the bidirectional controls, and in codes and names the zero-width characters and the
///   byte-order mark.
public enum Canonical {
    /// What a text is, which decides the characters it may hold.
    public enum Kind: Sendable, Equatable {
        /// An identifier: an element, combo, org-unit, period or dataset code, a login name.
        case code
        /// A name people read: a display name, an org unit's name.
        case name
        /// Free text: a comment. Tabs and line breaks inside are kept.
        case text
        /// A text value of one line (a `text` element's value): as ``text``, but tabs and line breaks inside are
        /// refused.
        case line
        /// A text value of several lines (a `long_text` element's value): as ``text``, but only line feeds are kept
        /// inside — a carriage return and line feed, or a carriage return alone, becomes one line feed — and tabs
        /// are refused.
        case lines
    }

    /// The canonical form of `text`.
    ///
    /// - Throws: ``CanonicalError`` naming the first refused character and its position (1-based, in characters
    ///   as a person counts them).
    public static func canonical(_ text: String, as kind: Kind) throws(CanonicalError) -> String {
        // Fast path: printable ASCII without surrounding spaces is already canonical.
        var plain = true
        let utf8 = text.utf8
        for byte in utf8 where byte < 0x20 || byte > 0x7E {
            plain = false
            break
        }
        if plain {
            if let first = utf8.first, let last = utf8.last, first != 0x20, last != 0x20 { return text }
            if utf8.isEmpty { return text }
        }
        var trimmed = trim(text)
        if kind == .lines && trimmed.unicodeScalars.contains("\r") {
            trimmed = trimmed.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        var position = 0
        for scalar in trimmed.unicodeScalars {
            position += 1
            if let reason = refusal(of: scalar, kind: kind) {
                throw CanonicalError(text: text, scalar: scalar, position: position, reason: reason)
            }
        }
        if trimmed.unicodeScalars.allSatisfy(\.isASCII) { return trimmed }
        return trimmed.precomposedStringWithCanonicalMapping
    }

    /// The canonical form, or `nil` when the text holds a refused character.
    public static func canonicalOrNil(_ text: String, as kind: Kind) -> String? {
        try? canonical(text, as: kind)
    }

    /// Whether `scalar` is white space that ``canonical(_:as:)`` trims from the ends.
    public static func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000:
            return true
        default:
            return false
        }
    }

    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isTrimmed(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isTrimmed(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    /// Why `scalar` may not stand in a text of `kind`, or `nil` when it may.
    public static func refusal(of scalar: Unicode.Scalar, kind: Kind) -> CanonicalError.Reason? {
        let v = scalar.value
        switch v {
        case 0x00:
            return .nul
        case 0x09, 0x0D:
            // Tabs and carriage returns: trimmed at the ends; inside, kept in free text and refused elsewhere.
            return kind == .text ? nil : .control
        case 0x0A:
            // Line feeds: kept inside free text and a text value of several lines.
            return kind == .text || kind == .lines ? nil : .control
        case 0x01...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F, 0x80...0x9F:
            return .control
        case 0x2028, 0x2029:
            return kind == .text ? nil : .lineSeparator
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
            return .bidiControl
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x180E:
            // Joiners belong to some scripts and emoji: kept in people's texts, refused in codes and names.
            return kind == .text || kind == .line || kind == .lines ? nil : .zeroWidth
        default:
            return nil
        }
    }
}

/// A text refused by ``Canonical``: which character, where, and why.
public struct CanonicalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Why a character is refused.
    public enum Reason: String, Sendable, Equatable {
        /// NUL (U+0000).
        case nul
        /// Another control character (C0, DEL, C1), or a tab or line break inside a code or name.
        case control
        /// U+2028 or U+2029 inside a code or name.
        case lineSeparator
        /// A bidirectional formatting character, which reorders what a reader sees.
        case bidiControl
        /// A zero-width character or byte-order mark inside a code or name.
        case zeroWidth
    }

    /// The text as given.
    public var text: String
    /// The refused character.
    public var scalar: Unicode.Scalar
    /// Its position, 1-based, in Unicode scalars of the text without its surrounding white space.
    public var position: Int
    /// Why.
    public var reason: Reason

    /// A stable code, `text.<reason>`.
    public var errorCode: String { "text.\(reason.rawValue)" }

    /// The refused character as `U+XXXX`.
    public var codePoint: String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// What the reason is called in every language.
    var reasonNames: Localized<String> {
        switch reason {
        case .nul: Localized(zh: "空字符（NUL）", en: "a NUL character")
        case .control: Localized(zh: "控制字符", en: "a control character")
        case .lineSeparator: Localized(zh: "行或段落分隔符", en: "a line or paragraph separator")
        case .bidiControl:
            Localized(
                zh: "双向文字控制符（会改变显示顺序）",
                en: "a bidirectional control character, which changes the order a reader sees")
        case .zeroWidth: Localized(zh: "不可见的零宽字符", en: "an invisible zero-width character")
        }
    }

    /// The sentence in every language; `field` names the input as it is written in both (`'orgunit'`), when
    /// known.
    public func messages(field: String? = nil) -> Localized<String> {
        messages(fields: field.map { Localized(verbatim: $0) })
    }

    /// The sentence in every language, naming the input `name` quoted as each language quotes it.
    public func messages(fieldNamed name: String) -> Localized<String> {
        messages(fields: Localized(zh: "“\(name)”", en: "'\(name)'"))
    }

    func messages(fields: Localized<String>?) -> Localized<String> {
        let reason = reasonNames
        return Localized(
            zh: "\(fields.map { "\($0.zh)：" } ?? "")第 \(position) 个字符是\(reason.zh)（\(codePoint)），此处不允许；请删除后重试",
            en:
                "\(fields.map { "\($0.en): " } ?? "")character \(position) is \(reason.en) (\(codePoint)), which is not allowed here; remove it and try again"
        )
    }

    /// The sentence in English; `field` names the input (`'orgunit'`), when known.
    public func englishMessage(field: String? = nil) -> String { messages(field: field).en }

    /// The sentence in Chinese.
    public func chineseMessage(field: String? = nil) -> String { messages(field: field).zh }

    /// The sentence in `language`, as `TallyError` has it.
    public func message(_ language: Language) -> String { messages()(language) }

    /// The sentence in English, as `TallyError` has it.
    public var message: String { englishMessage() }

    public var description: String { englishMessage() }
}

extension String {
    /// The canonical form of an identifier (see ``Canonical``), or `nil` when it holds a refused character.
    public var canonicalCode: String? { Canonical.canonicalOrNil(self, as: .code) }
}
