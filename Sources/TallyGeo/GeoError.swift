/// A boundary file or stored shape that cannot be read, with a sentence in English and in Chinese that names the
/// feature, where in it, what was found and what was expected.
///
/// Shaped like Tally's `TallyError` (`errorCode`, `message`, `description`), so it can conform there with an empty
/// extension in the module that uses it.
public struct GeoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong; the raw values never change between releases.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The file is larger than ``GeoLimits/maxBytes``.
        case tooLarge
        /// More features than ``GeoLimits/maxFeatures``.
        case tooManyFeatures
        /// More positions than ``GeoLimits/maxPoints``.
        case tooManyPoints
        /// Arrays or objects nested deeper than ``GeoLimits/maxDepth``.
        case tooDeep
        /// A string longer than ``GeoLimits/maxStringBytes``, or a number longer than 64 characters.
        case tooLong
        /// Not JSON: a syntax error, with its line and column.
        case syntax
        /// Not UTF-8 text.
        case notUTF8
        /// An object names the same member twice.
        case duplicateKey
        /// The file is JSON but neither GeoJSON nor DHIS2 metadata with organisation units.
        case notBoundaries
        /// The file holds no feature and no organisation unit.
        case empty
        /// A member has the wrong type, or a geometry is not an area (a Point or LineString where a Polygon or
        /// MultiPolygon is needed).
        case wrongType
        /// Coordinates nested too deep or not deep enough for their geometry type.
        case wrongNesting
        /// A position that is not two or three numbers.
        case badPosition
        /// NaN, Infinity, or a number too large for a coordinate.
        case notFinite
        /// A longitude outside −180…180 or a latitude outside −90…90 (for example projected coordinates).
        case outOfRange
        /// A ring whose last position is not its first.
        case unclosedRing
        /// A ring with fewer than three different positions.
        case tooFewPoints
        /// A ring that encloses no area (all its points on a line).
        case noArea
        /// A feature without the code property.
        case missingCode
        /// A code or name that is not text or a whole number, or holds a character Tally refuses.
        case badCode
        /// Two features with the same code.
        case duplicateCode
        /// A stored shape that is not in the stored form.
        case badStoredShape
    }

    /// What went wrong.
    public let code: Code
    /// The feature or organisation unit concerned (0-based, in file order), when there is one.
    public let feature: Int?
    /// Where in the document, as a JSON path such as `features[2].geometry.coordinates[0][5]`, when known.
    public let path: String?
    /// The sentence in English.
    public let englishMessage: String
    /// The sentence in Chinese.
    public let chineseMessage: String

    /// An error with its sentences.
    public init(_ code: Code, feature: Int? = nil, path: String? = nil, english: String, chinese: String) {
        self.code = code
        self.feature = feature
        self.path = path
        englishMessage = english
        chineseMessage = chinese
    }

    /// A stable identifier such as `geo.unclosedRing`.
    public var errorCode: String { "geo.\(code.rawValue)" }

    /// The sentence in English, as `TallyError` has it.
    public var message: String { englishMessage }

    /// The message, so that `print(error)` shows the sentence.
    public var description: String { englishMessage }
}

/// Where a problem is: a feature (by number and code, when known) and a JSON path; renders itself in both languages.
struct GeoLocation {
    /// The feature's 0-based index, when inside one.
    var feature: Int?
    /// The feature's code, when already read.
    var code: String?
    /// The JSON path.
    var path: String
    /// The word for the feature: "feature" in GeoJSON, "organisation unit" in DHIS2 metadata.
    var isOrganisationUnit = false

    /// "feature 3 (code 3601, at features[2].geometry)" or "at features[2]" outside features.
    var english: String {
        guard let feature else { return path.isEmpty ? "the file" : "at \(path)" }
        let noun = isOrganisationUnit ? "organisation unit" : "feature"
        let code = self.code.map { "code \($0), " } ?? ""
        return "\(noun) \(feature + 1) (\(code)at \(path))"
    }

    /// "第 3 个要素（代码 3601，位置 features[2].geometry）".
    var chinese: String {
        guard let feature else { return path.isEmpty ? "文件" : "位置 \(path)" }
        let noun = isOrganisationUnit ? "组织机构" : "要素"
        let code = self.code.map { "代码 \($0)，" } ?? ""
        return "第 \(feature + 1) 个\(noun)（\(code)位置 \(path)）"
    }

    /// An error at this location: `english` and `chinese` continue the sentence after the location and a colon.
    func error(_ kind: GeoError.Code, english: String, chinese: String) -> GeoError {
        GeoError(
            kind, feature: feature, path: path.isEmpty ? nil : path, english: "\(self.english): \(english)",
            chinese: "\(self.chinese)：\(chinese)")
    }
}
