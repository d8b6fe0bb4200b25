import Testing

@testable import TallyGeo

@Suite struct GeoJSONWriterTests {
    @Test func coordinatesHaveAtMostSixDecimalsAndNoExponent() {
        #expect(GeoJSONWriter.degrees(115.9) == "115.9")
        #expect(GeoJSONWriter.degrees(120) == "120")
        #expect(GeoJSONWriter.degrees(-0.000001) == "-0.000001")
        #expect(GeoJSONWriter.degrees(0.0000001) == "0")
        #expect(GeoJSONWriter.degrees(-179.999999) == "-179.999999")
        #expect(GeoJSONWriter.degrees(28.1234565) == "28.123457")
    }

    @Test func writesWhatTheReaderReadsBack() throws {
        let features = [
            GeoFeature(
                code: "360121101000", name: "云溪 \"街道\" \\ ",
                shape: GeoShape(polygons: [GeoPolygon(rings: [square(115.9, 28.5, 0.1).map(\.snapped)])])),
            GeoFeature(
                code: "B",
                shape: GeoShape(polygons: [
                    GeoPolygon(rings: [
                        square(116.1, 28.5, 0.1).map(\.snapped), square(116.12, 28.52, 0.01).map(\.snapped).reversed(),
                    ]),
                    GeoPolygon(rings: [square(-0.5, -0.5, 0.25)]),
                ])),
        ]
        let text = GeoJSONWriter.featureCollection(features)
        #expect(
            text.hasPrefix(
                "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"properties\":{\"code\":\"360121101000\",\"name\":\"云溪 \\\"街道\\\" \\\\ \"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[115.9,28.5],[116,28.5],"
            ))
        #expect(text.contains("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[116.1,28.5]"))
        let read = try GeoJSONReader().read(text)
        // The name is canonicalised when read (its trailing space trimmed).
        #expect(read.features.map(\.name) == ["云溪 \"街道\" \\", nil])
        #expect(read.features.map(\.shape) == features.map(\.shape))
        let byOther = GeoJSONWriter.featureCollection(features, codeKey: "adcode")
        #expect(try GeoJSONReader(codeKey: "adcode").read(byOther).features.map(\.code) == ["360121101000", "B"])
    }
}
