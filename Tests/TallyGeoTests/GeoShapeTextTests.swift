import Testing

@testable import TallyGeo

/// The stored form: encodings computed independently (a Python transcription of Google's algorithm, which gives
/// Google's own example `_p~iF~ps|U_ulLnnqC_mqNvxq`@` at precision 5), round trips, and damaged texts.
@Suite struct GeoShapeTextTests {
    let squareWithHole = GeoShape(polygons: [
        GeoPolygon(rings: [
            square(115.9, 28.5, 0.1).map(\.snapped),
            [
                GeoPoint(x: 115.95, y: 28.55), GeoPoint(x: 115.95, y: 28.56), GeoPoint(x: 115.96, y: 28.56),
                GeoPoint(x: 115.95, y: 28.55),
            ],
        ])
    ])

    @Test func encodesAsPolyline6() {
        #expect(GeoShapeText.encode(squareWithHole) == "g1:_aoju@_e~`|E?_ibE_ibE??~hbE,_vpmu@_z_d|E_pR??_pR")
        let triangle = [
            GeoPoint(x: -0.000001, y: -0.000002), GeoPoint(x: 0.5, y: 0), GeoPoint(x: 0, y: 0.5),
            GeoPoint(x: -0.000001, y: -0.000002),
        ]
        let two = GeoShape(polygons: [
            GeoPolygon(rings: [squareWithHole.polygons[0].rings[0]]), GeoPolygon(rings: [triangle]),
        ])
        #expect(GeoShapeText.encode(two) == "g1:_aoju@_e~`|E?_ibE_ibE??~hbE B@Caqo]_qo]~po]")
    }

    @Test func decodesWhatItEncodes() throws {
        let text = GeoShapeText.encode(squareWithHole)
        #expect(try GeoShapeText.decode(text) == squareWithHole)
        let triangle = GeoShape(polygons: [
            GeoPolygon(rings: [
                [
                    GeoPoint(x: -179.999999, y: -89.5), GeoPoint(x: 179.999999, y: 89.999999), GeoPoint(x: 0, y: 0),
                    GeoPoint(x: -179.999999, y: -89.5),
                ]
            ]),
            squareWithHole.polygons[0],
        ])
        let decoded = try GeoShapeText.decode(GeoShapeText.encode(triangle))
        #expect(decoded == triangle)
        #expect(GeoShapeText.encode(decoded) == GeoShapeText.encode(triangle))
    }

    @Test func damagedTextIsRefusedWithItsPosition() throws {
        let cases: [(String, String)] = [
            ("x1:??", "does not start with \"g1:\""),
            ("g1:_aoju@\u{7F}", "at character 10: it holds a character outside the stored form"),
            ("g1:_", "the text ends inside a number"),
            ("g1:?", "a point has a latitude but no longitude"),
            ("g1:_keqlD?", "a point lies outside the globe"),
            ("g1:" + String(repeating: "_", count: 8) + "?", "a number is too long"),
            ("g1:????", "the ring has 1 different position"),
            ("g1:??o}@?", "the ring has 2 different positions"),
            ("g1:", "the ring has 0 position"),
            ("g1:_aoju@_e~`|E?_ibE_ibE??~hbE ", "the ring has 0 position"),
            ("g1:_aoju@_e~`|E?_ibE_ibE??~hbE,", "the ring has 0 position"),
            ("g1:_aoju@_e~`|E?_ibE?_ibE", "encloses no area"),
        ]
        for (text, expected) in cases {
            let error = geoError { _ = try GeoShapeText.decode(text) }
            #expect(error?.code == .badStoredShape, "\(text)")
            #expect(error?.englishMessage.contains(expected) == true, "\(text): \(error?.englishMessage ?? "")")
            #expect(error?.chineseMessage.contains("保存的边界") == true)
        }
    }

    @Test func limitsBoundTheStoredForm() {
        let text = GeoShapeText.encode(squareWithHole)
        #expect(geoError { _ = try GeoShapeText.decode(text, limits: GeoLimits(maxPoints: 6)) }?.code == .tooManyPoints)
        #expect(
            geoError { _ = try GeoShapeText.decode(text, limits: GeoLimits(maxBytes: 10)) }?.code == .badStoredShape)
        #expect((try? GeoShapeText.decode(text, limits: GeoLimits(maxPoints: 7))) == squareWithHole)
    }
}
