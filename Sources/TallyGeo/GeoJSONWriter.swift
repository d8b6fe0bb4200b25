internal import TallyText

/// Writes features as GeoJSON (RFC 7946) that ``GeoJSONReader`` reads back to the same features.
public enum GeoJSONWriter {
    /// A FeatureCollection with one Feature per feature, in order: properties `codeKey` (the code) and `name` (when
    /// the feature has one); the geometry a Polygon for one polygon, else a MultiPolygon. Coordinates are written
    /// with six decimals at most (millionths of a degree, trailing zeros dropped), one feature per line.
    public static func featureCollection(_ features: [GeoFeature], codeKey: String = "code") -> String {
        var out = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        for (index, feature) in features.enumerated() {
            out += "{\"type\":\"Feature\",\"properties\":{"
            out += Escape.json(codeKey) + ":" + Escape.json(feature.code)
            if let name = feature.name, codeKey != "name" { out += ",\"name\":" + Escape.json(name) }
            out += "},\"geometry\":" + geometry(feature.shape) + "}"
            out += index + 1 < features.count ? ",\n" : "\n"
        }
        return out + "]}\n"
    }

    /// The shape as a GeoJSON geometry object: a Polygon for one polygon, else a MultiPolygon.
    public static func geometry(_ shape: GeoShape) -> String {
        if shape.polygons.count == 1 {
            return "{\"type\":\"Polygon\",\"coordinates\":" + polygon(shape.polygons[0]) + "}"
        }
        return "{\"type\":\"MultiPolygon\",\"coordinates\":["
            + shape.polygons.map(polygon).joined(separator: ",") + "]}"
    }

    private static func polygon(_ polygon: GeoPolygon) -> String {
        "["
            + polygon.rings.map { ring in
                "[" + ring.map { "[" + degrees($0.x) + "," + degrees($0.y) + "]" }.joined(separator: ",") + "]"
            }.joined(separator: ",") + "]"
    }

    /// A coordinate with at most six decimals, from its value in millionths (so never in exponent form).
    static func degrees(_ value: Double) -> String {
        let micro = GeoPoint.micro(value)
        let magnitude = micro.magnitude
        var text = (micro < 0 ? "-" : "") + String(magnitude / 1_000_000)
        var fraction = magnitude % 1_000_000
        if fraction != 0 {
            var digits = 6
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            let raw = String(fraction)
            text += "." + String(repeating: "0", count: digits - raw.count) + raw
        }
        return text
    }
}
