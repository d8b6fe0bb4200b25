/// A JSON value as the boundary reader keeps it: members in file order, numbers with their literal text, and the
/// value of every `coordinates` member read straight into points.
enum GeoJSONValue {
    case object([(key: String, value: GeoJSONValue)])
    case array([GeoJSONValue])
    case string(String)
    case number(Double, literal: String)
    case bool(Bool)
    case null
    case coordinates(CoordinateNest)

    /// The member `key` of an object, or `nil`.
    subscript(key: String) -> GeoJSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// What the value is, for messages: "a string", "an object", …
    var kind: (english: String, chinese: String) {
        switch self {
        case .object: ("an object", "对象")
        case .array, .coordinates: ("an array", "数组")
        case .string: ("a string", "字符串")
        case .number: ("a number", "数字")
        case .bool: ("true or false", "布尔值")
        case .null: ("null", "null")
        }
    }
}

/// The nested arrays of a `coordinates` member, with the innermost arrays already turned into points.
enum CoordinateNest {
    /// One position, `[x, y]` or `[x, y, z]`.
    case position(GeoPoint)
    /// An array of positions (a ring or a line).
    case positions([GeoPoint])
    /// An array of arrays (rings of a polygon, polygons of a multipolygon), or an empty array.
    case list([CoordinateNest])
}

/// A small JSON parser for boundary files: bounded by ``GeoLimits`` (nesting, string length, points), strict
/// about the grammar (no NaN, no trailing commas, no duplicate members), and with every error naming its line,
/// column and JSON path.
///
/// Positions are checked as they are read — two or three finite numbers, longitude in −180…180, latitude in
/// −90…90 — and snapped to millionths of a degree, so a file never holds more than 16 bytes per point in memory.
struct GeoJSONParser {
    enum Component {
        case key(String)
        case index(Int)
    }

    private let bytes: [UInt8]
    private let limits: GeoLimits
    private var index: Int
    private var depth = 0
    private var path: [Component] = []
    /// Positions read so far.
    private(set) var points = 0

    /// Parses one JSON document (a UTF-8 byte-order mark is skipped).
    static func parse(_ bytes: [UInt8], limits: GeoLimits) throws(GeoError) -> GeoJSONValue {
        if bytes.count > limits.maxBytes {
            throw GeoLocation(path: "").error(
                .tooLarge,
                english: "it is \(bytes.count) bytes, more than the \(limits.maxBytes) a boundary file may have; "
                    + "split it by level or simplify it first",
                chinese: "文件有 \(bytes.count) 字节，超过边界文件上限 \(limits.maxBytes) 字节；请按层级拆分或先简化")
        }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE])
            || (bytes.count >= 2 && (bytes[0] == 0 || bytes[1] == 0))
        {
            throw GeoLocation(path: "").error(
                .notUTF8, english: "it is UTF-16 or UTF-32 text; save it as UTF-8",
                chinese: "文件是 UTF-16 或 UTF-32 编码；请另存为 UTF-8")
        }
        var parser = GeoJSONParser(bytes: bytes, limits: limits)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw parser.syntax(english: "more text after the document's end", chinese: "文档结束后还有内容")
        }
        return value
    }

    private init(bytes: [UInt8], limits: GeoLimits) {
        self.bytes = bytes
        self.limits = limits
        index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    // MARK: Locations and errors

    /// The current JSON path, such as `features[2].geometry.coordinates[0][5]`.
    var pathText: String { GeoJSONParser.text(of: path[...]) }

    static func text(of path: ArraySlice<Component>) -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }

    /// The current location: inside `features[i]` or `organisationUnits[i]`, that feature.
    var location: GeoLocation {
        if path.count >= 2, case .key(let list) = path[0], case .index(let i) = path[1],
            list == "features" || list == "organisationUnits"
        {
            return GeoLocation(feature: i, path: pathText, isOrganisationUnit: list == "organisationUnits")
        }
        return GeoLocation(path: pathText)
    }

    /// Line and column (both 1-based, the column in characters) of byte `offset`.
    private func lineAndColumn(_ offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<Swift.min(offset, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    /// What stands at the current byte, for messages.
    private var found: (english: String, chinese: String) {
        guard index < bytes.count else { return ("the end of the file", "文件结尾") }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F {
            let text = "'\(Character(Unicode.Scalar(byte)))'"
            return (text, text)
        }
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { return ("white space", "空白") }
        return (
            "byte 0x\(String(byte, radix: 16, uppercase: true))", "字节 0x\(String(byte, radix: 16, uppercase: true))"
        )
    }

    /// A syntax error at the current byte: "line 3, column 7: found 'x'; expected …".
    private func syntax(english expected: String, chinese expectedChinese: String) -> GeoError {
        let (line, column) = lineAndColumn(index)
        let found = self.found
        return location.error(
            .syntax, english: "line \(line), column \(column): found \(found.english); expected \(expected)",
            chinese: "第 \(line) 行第 \(column) 列：遇到\(found.chinese)，应为\(expectedChinese)")
    }

    // MARK: Values

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func expect(_ byte: UInt8, english: String, chinese: String) throws(GeoError) {
        skipWhitespace()
        guard current == byte else { throw syntax(english: english, chinese: chinese) }
        index += 1
    }

    private mutating func enter() throws(GeoError) {
        depth += 1
        if depth > limits.maxDepth {
            throw location.error(
                .tooDeep, english: "arrays and objects are nested more than \(limits.maxDepth) deep",
                chinese: "数组和对象嵌套超过 \(limits.maxDepth) 层")
        }
    }

    private mutating func parseValue() throws(GeoError) -> GeoJSONValue {
        skipWhitespace()
        guard let byte = current else {
            throw syntax(english: "a value (an object, array, string, number, true, false or null)", chinese: "一个值")
        }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "N"), UInt8(ascii: "I"):
            let (value, literal) = try parseNumber()
            return .number(value, literal: literal)
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        default:
            throw syntax(english: "a value (an object, array, string, number, true, false or null)", chinese: "一个值")
        }
    }

    private mutating func parseLiteral(_ word: String, _ value: GeoJSONValue) throws(GeoError) -> GeoJSONValue {
        let utf8 = Array(word.utf8)
        guard bytes.count - index >= utf8.count, bytes[index..<(index + utf8.count)].elementsEqual(utf8) else {
            throw syntax(english: "'\(word)'", chinese: "“\(word)”")
        }
        index += utf8.count
        return value
    }

    private mutating func parseObject() throws(GeoError) -> GeoJSONValue {
        try enter()
        index += 1
        var members: [(key: String, value: GeoJSONValue)] = []
        var keys: Set<String> = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                throw syntax(english: "a member name in double quotes", chinese: "双引号中的成员名")
            }
            let key = try parseString()
            if !keys.insert(key).inserted {
                throw location.error(
                    .duplicateKey, english: "the member \"\(key)\" is given twice in one object; give it once",
                    chinese: "同一对象中成员“\(key)”出现两次；请只保留一个")
            }
            try expect(UInt8(ascii: ":"), english: "':' after a member name", chinese: "成员名后的“:”")
            path.append(.key(key))
            skipWhitespace()
            let value: GeoJSONValue
            if key == "coordinates", current == UInt8(ascii: "[") {
                value = .coordinates(try parseNest(level: 0))
            } else {
                value = try parseValue()
            }
            path.removeLast()
            members.append((key, value))
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if current == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(members)
            }
            throw syntax(english: "',' or '}' after a member", chinese: "成员后的“,”或“}”")
        }
    }

    private mutating func parseArray() throws(GeoError) -> GeoJSONValue {
        try enter()
        index += 1
        var elements: [GeoJSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            if path.count == 1, elements.count >= limits.maxFeatures {
                throw location.error(
                    .tooManyFeatures,
                    english: "more than \(limits.maxFeatures) entries; split the file by level or by area",
                    chinese: "超过 \(limits.maxFeatures) 项；请按层级或地区拆分文件")
            }
            path.append(.index(elements.count))
            elements.append(try parseValue())
            path.removeLast()
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if current == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(elements)
            }
            throw syntax(english: "',' or ']' after an array element", chinese: "数组元素后的“,”或“]”")
        }
    }

    private mutating func parseString() throws(GeoError) -> String {
        let start = index
        index += 1
        var buffer: [UInt8] = []
        var chunkStart = index
        while true {
            guard index < bytes.count else {
                index = start
                throw syntax(english: "a string that ends with '\"'", chinese: "以“\"”结尾的字符串")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 {
                throw syntax(
                    english: "no control character inside a string (write a line break as \\n)",
                    chinese: "字符串中不含控制字符（换行请写作 \\n）")
            }
            if byte == UInt8(ascii: "\\") {
                buffer.append(contentsOf: bytes[chunkStart..<index])
                try parseEscape(into: &buffer)
                chunkStart = index
            } else {
                index += 1
            }
            if index - start > limits.maxStringBytes {
                throw location.error(
                    .tooLong, english: "a string is longer than \(limits.maxStringBytes) bytes",
                    chinese: "字符串超过 \(limits.maxStringBytes) 字节")
            }
        }
        buffer.append(contentsOf: bytes[chunkStart..<index])
        index += 1
        guard let text = String(validating: buffer, as: UTF8.self) else {
            index = start
            throw location.error(
                .notUTF8, english: "a string is not valid UTF-8; save the file as UTF-8",
                chinese: "字符串不是有效的 UTF-8；请把文件另存为 UTF-8")
        }
        return text
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(GeoError) {
        index += 1
        guard let byte = current else { throw syntax(english: "an escape such as \\n", chinese: "转义序列，如 \\n") }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let plain = simple[byte] {
            buffer.append(plain)
            index += 1
            return
        }
        guard byte == UInt8(ascii: "u") else {
            throw syntax(english: "an escape such as \\n, \\\" or \\u00e9", chinese: "转义序列，如 \\n、\\\" 或 \\u00e9")
        }
        var scalar = try parseHex4()
        if (0xD800...0xDBFF).contains(scalar) {
            guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else {
                throw syntax(english: "a low surrogate \\uDC00–\\uDFFF after a high one", chinese: "高代理项后的低代理项")
            }
            index += 1
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw syntax(english: "a low surrogate \\uDC00–\\uDFFF after a high one", chinese: "高代理项后的低代理项")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw syntax(english: "no lone low surrogate", chinese: "不单独出现的低代理项")
        }
        buffer.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
    }

    /// Reads `uXXXX` (the `u` at the current byte) and returns the code unit.
    private mutating func parseHex4() throws(GeoError) -> UInt32 {
        index += 1
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = hexDigit(byte) else {
                throw syntax(english: "four hexadecimal digits after \\u", chinese: "\\u 后的四位十六进制数字")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Reads a number by JSON's grammar; NaN and Infinity, which some programs write, are refused by name.
    private mutating func parseNumber() throws(GeoError) -> (Double, String) {
        let start = index
        if bytes[index...].starts(with: Array("NaN".utf8)) || bytes[index...].starts(with: Array("Infinity".utf8))
            || bytes[index...].starts(with: Array("-Infinity".utf8))
        {
            let word = bytes[index] == UInt8(ascii: "N") ? "NaN" : "Infinity"
            throw location.error(
                .notFinite,
                english: "\(word) is not a number JSON can hold; give the coordinate, or leave the feature out",
                chinese: "\(word) 不是 JSON 可表示的数字；请给出坐标，或删去该要素")
        }
        func digits() -> Int {
            let first = index
            while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
            return index - first
        }
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw syntax(english: "a digit", chinese: "数字")
        }
        if current == UInt8(ascii: ".") {
            index += 1
            if digits() == 0 { throw syntax(english: "a digit after the decimal point", chinese: "小数点后的数字") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            if digits() == 0 { throw syntax(english: "a digit in the exponent", chinese: "指数中的数字") }
        }
        if index - start > 64 {
            index = start
            throw location.error(
                .tooLong, english: "a number is longer than 64 characters", chinese: "数字超过 64 个字符")
        }
        let literal = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(literal), value.isFinite else {
            throw location.error(
                .notFinite, english: "the number \(literal) is too large", chinese: "数字 \(literal) 过大")
        }
        return (value, literal)
    }

    // MARK: Coordinates

    /// Reads the array at the current byte as nested coordinates; `level` is its depth below `coordinates`.
    private mutating func parseNest(level: Int) throws(GeoError) -> CoordinateNest {
        if level > 3 {
            throw location.error(
                .wrongNesting,
                english: "coordinates are nested deeper than a MultiPolygon's (polygons, rings, positions)",
                chinese: "坐标嵌套深于 MultiPolygon（面、环、点）")
        }
        let start = index
        index += 1
        skipWhitespace()
        switch current {
        case UInt8(ascii: "]"):
            index += 1
            return .list([])
        case UInt8(ascii: "["):
            index = start
            return try parseNestElements(level: level)
        default:
            index = start
            return .position(try parsePosition())
        }
    }

    /// Reads an array whose elements are arrays: positions, or deeper lists.
    private mutating func parseNestElements(level: Int) throws(GeoError) -> CoordinateNest {
        index += 1
        skipWhitespace()
        path.append(.index(0))
        let first = try parseNest(level: level + 1)
        var positions: [GeoPoint] = []
        var lists: [CoordinateNest] = []
        if case .position(let point) = first {
            positions.append(point)
        } else {
            lists.append(first)
        }
        path.removeLast()
        var count = 1
        while true {
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                index += 1
                return lists.isEmpty ? .positions(positions) : .list(lists)
            }
            guard current == UInt8(ascii: ",") else {
                throw syntax(english: "',' or ']' after an array element", chinese: "数组元素后的“,”或“]”")
            }
            index += 1
            skipWhitespace()
            guard current == UInt8(ascii: "[") else {
                path.append(.index(count))
                throw location.error(
                    .wrongNesting, english: "expected an array here like the elements before it",
                    chinese: "此处应与前面的元素一样是数组")
            }
            path.append(.index(count))
            let element = try parseNest(level: level + 1)
            switch (element, lists.isEmpty) {
            case (.position(let point), true):
                positions.append(point)
            case (.position, false), (.positions, true), (.list, true):
                throw location.error(
                    .wrongNesting, english: "positions and arrays of positions are mixed in one array",
                    chinese: "同一数组中混有点和点的数组")
            default:
                lists.append(element)
            }
            path.removeLast()
            count += 1
        }
    }

    /// Reads `[longitude, latitude]` or `[longitude, latitude, altitude]`, checked and snapped.
    private mutating func parsePosition() throws(GeoError) -> GeoPoint {
        index += 1
        var numbers: [Double] = []
        skipWhitespace()
        while current != UInt8(ascii: "]") {
            if !numbers.isEmpty {
                guard current == UInt8(ascii: ",") else {
                    throw syntax(english: "',' or ']' in a position", chinese: "点坐标中的“,”或“]”")
                }
                index += 1
                skipWhitespace()
            }
            guard let byte = current,
                byte == UInt8(ascii: "-") || byte == UInt8(ascii: "N") || byte == UInt8(ascii: "I")
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            else {
                throw location.error(
                    .badPosition,
                    english: "a position holds \(found.english) where a number was expected; a position is "
                        + "[longitude, latitude]",
                    chinese: "点坐标中遇到\(found.chinese)，应为数字；点坐标的形式是 [经度, 纬度]")
            }
            numbers.append(try parseNumber().0)
            if numbers.count > 3 { break }
            skipWhitespace()
        }
        guard numbers.count == 2 || numbers.count == 3 else {
            throw location.error(
                .badPosition,
                english: "a position has \(numbers.count > 3 ? "more than 3" : String(numbers.count)) "
                    + "number\(numbers.count == 1 ? "" : "s"); expected [longitude, latitude] or "
                    + "[longitude, latitude, altitude]",
                chinese: "点坐标有 \(numbers.count > 3 ? "超过 3" : String(numbers.count)) 个数字；应为 [经度, 纬度] 或 "
                    + "[经度, 纬度, 高程]")
        }
        index += 1
        points += 1
        if points > limits.maxPoints {
            throw location.error(
                .tooManyPoints,
                english: "the file has more than \(limits.maxPoints) positions; simplify it first (for example with "
                    + "mapshaper) or split it",
                chinese: "文件超过 \(limits.maxPoints) 个点；请先简化（如用 mapshaper）或拆分")
        }
        let (x, y) = (numbers[0], numbers[1])
        guard (-180...180).contains(x), (-90...90).contains(y) else {
            throw location.error(
                .outOfRange,
                english: "the position [\(numbers[0]), \(numbers[1])] is not a longitude in −180…180 and a latitude "
                    + "in −90…90; give coordinates in degrees (WGS 84 or CGCS2000), longitude first, not projected "
                    + "metres",
                chinese: "点 [\(numbers[0]), \(numbers[1])] 不是 −180…180 的经度和 −90…90 的纬度；请使用以度为单位的"
                    + "经纬度（WGS 84 或 CGCS2000），经度在前，不要用投影坐标（米）")
        }
        return GeoPoint(x: x, y: y).snapped
    }
}
