/// The stored form of a shape: compact ASCII text for a text column in SQLite or PostgreSQL.
///
/// `g1:`, then the polygons separated by spaces; within a polygon its rings, exterior first, separated by commas;
/// each ring in Google's Encoded Polyline Algorithm at precision 6 (as OSRM's `polyline6`): millionths of a degree,
/// latitude before longitude, each point as its difference from the one before (the ring's first from 0), without
/// the closing point. A village of 60 points takes about 400 characters. Points are snapped to millionths when
/// written, which the reader has already done, so reading the stored text gives back exactly the shape written.
public enum GeoShapeText {
    /// The prefix, naming the form's version.
    public static let prefix = "g1:"

    /// The stored text of `shape`.
    public static func encode(_ shape: GeoShape) -> String {
        var bytes = Array(prefix.utf8)
        for (p, polygon) in shape.polygons.enumerated() {
            if p > 0 { bytes.append(UInt8(ascii: " ")) }
            for (r, ring) in polygon.rings.enumerated() {
                if r > 0 { bytes.append(UInt8(ascii: ",")) }
                var previous: (Int64, Int64) = (0, 0)
                for point in ring.dropLast() {
                    let current = (GeoPoint.micro(point.y), GeoPoint.micro(point.x))
                    append(current.0 - previous.0, to: &bytes)
                    append(current.1 - previous.1, to: &bytes)
                    previous = current
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func append(_ delta: Int64, to bytes: inout [UInt8]) {
        var value = UInt64(bitPattern: delta < 0 ? ~(delta << 1) : delta << 1)
        while value >= 0x20 {
            bytes.append(UInt8((0x20 | (value & 0x1F)) + 63))
            value >>= 5
        }
        bytes.append(UInt8(value + 63))
    }

    /// The shape stored as `text`.
    ///
    /// - Throws: ``GeoError`` `geo.badStoredShape` naming the character where the text stops being the stored form,
    ///   or the ring that is not a ring; `geo.tooManyPoints` past ``GeoLimits/maxPoints``.
    public static func decode(_ text: String, limits: GeoLimits = GeoLimits()) throws(GeoError) -> GeoShape {
        let bytes = Array(text.utf8)
        guard bytes.count <= limits.maxBytes else {
            throw damaged(at: 0, "it is \(bytes.count) bytes long", "长度为 \(bytes.count) 字节")
        }
        guard bytes.starts(with: prefix.utf8) else {
            throw damaged(at: 0, "it does not start with \"\(prefix)\"", "不以“\(prefix)”开头")
        }
        var index = prefix.utf8.count
        var shape = GeoShape(polygons: [GeoPolygon(rings: [])])
        var ring: [GeoPoint] = []
        var previous: (Int64, Int64) = (0, 0)
        var points = 0

        func finishRing() throws(GeoError) {
            let place = GeoLocation(
                path: "[\(shape.polygons.count - 1)][\(shape.polygons[shape.polygons.count - 1].rings.count)]")
            do {
                shape.polygons[shape.polygons.count - 1].rings.append(
                    try GeoJSONReader.ring(ring + ring.prefix(1), at: place))
            } catch {
                throw GeoError(
                    .badStoredShape, path: place.path, english: "the stored shape is damaged: \(error.englishMessage)",
                    chinese: "保存的边界已损坏：\(error.chineseMessage)")
            }
            ring = []
            previous = (0, 0)
        }

        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: ","):
                try finishRing()
                index += 1
            case UInt8(ascii: " "):
                try finishRing()
                shape.polygons.append(GeoPolygon(rings: []))
                index += 1
            default:
                let start = index
                let latitude = previous.0 + (try number(bytes, &index))
                guard index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: " ") else {
                    throw damaged(at: start, "a point has a latitude but no longitude", "某点有纬度但没有经度")
                }
                let longitude = previous.1 + (try number(bytes, &index))
                guard abs(latitude) <= 90_000_000, abs(longitude) <= 180_000_000 else {
                    throw damaged(at: start, "a point lies outside the globe", "某点不在经纬度范围内")
                }
                previous = (latitude, longitude)
                points += 1
                if points > limits.maxPoints {
                    throw GeoError(
                        .tooManyPoints, english: "the stored shape has more than \(limits.maxPoints) points",
                        chinese: "保存的边界超过 \(limits.maxPoints) 个点")
                }
                ring.append(
                    GeoPoint(
                        x: Double(longitude) / GeoPoint.unitsPerDegree, y: Double(latitude) / GeoPoint.unitsPerDegree))
            }
        }
        try finishRing()
        return shape
    }

    /// One encoded number at `index`, which moves past it.
    private static func number(_ bytes: [UInt8], _ index: inout Int) throws(GeoError) -> Int64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count else {
                throw damaged(at: index, "the text ends inside a number", "文本在数字中间结束")
            }
            let byte = bytes[index]
            guard byte >= 63, byte <= 126 else {
                throw damaged(at: index, "it holds a character outside the stored form", "含有不属于保存格式的字符")
            }
            guard shift <= 30 else {
                throw damaged(at: index, "a number is too long", "数字过长")
            }
            let chunk = UInt64(byte - 63)
            result |= (chunk & 0x1F) << shift
            shift += 5
            index += 1
            if chunk < 0x20 { break }
        }
        let magnitude = Int64(bitPattern: result >> 1)
        return result & 1 != 0 ? ~magnitude : magnitude
    }

    private static func damaged(at offset: Int, _ english: String, _ chinese: String) -> GeoError {
        GeoError(
            .badStoredShape,
            english: "the stored shape is damaged at character \(offset + 1): \(english); import the boundaries again",
            chinese: "保存的边界在第 \(offset + 1) 个字符处已损坏：\(chinese)；请重新导入边界")
    }
}
