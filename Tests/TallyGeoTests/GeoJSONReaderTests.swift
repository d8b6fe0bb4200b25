import Testing

@testable import TallyGeo

/// A square ring from (x, y) with side `d`, anticlockwise, closed.
func square(_ x: Double, _ y: Double, _ d: Double) -> [GeoPoint] {
    [
        GeoPoint(x: x, y: y), GeoPoint(x: x + d, y: y), GeoPoint(x: x + d, y: y + d), GeoPoint(x: x, y: y + d),
        GeoPoint(x: x, y: y),
    ]
}

/// The error `body` throws, or nil.
func geoError(_ body: () throws -> Void) -> GeoError? {
    do {
        try body()
        return nil
    } catch {
        return error as? GeoError
    }
}

/// The error reading `text` gives.
func readError(_ text: String, reader: GeoJSONReader = GeoJSONReader()) -> GeoError? {
    geoError { _ = try reader.read(text) }
}

/// A FeatureCollection of one feature with `geometry` and `properties`.
func collection(geometry: String, properties: String = #"{"code": "A1", "name": "甲村"}"#) -> String {
    #"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": \#(properties), "geometry": \#(geometry)}]}"#
}

let unitSquare =
    #"{"type": "Polygon", "coordinates": [[[115.9, 28.5], [116.0, 28.5], [116.0, 28.6], [115.9, 28.6], [115.9, 28.5]]]}"#

@Suite struct GeoJSONReaderTests {
    @Test func readsAFeatureCollectionOfPolygonsAndMultiPolygons() throws {
        let text = """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"code": " 360121101000 ", "name": "云溪街道", "pop": 1200},
               "geometry": {"type": "Polygon", "coordinates": [
                 [[115.9, 28.5], [116.0, 28.5], [116.0, 28.5], [116.0, 28.6], [115.9, 28.6], [115.9, 28.5]],
                 [[115.95, 28.55], [115.95, 28.56], [115.96, 28.56], [115.95, 28.55]]]}},
              {"type": "Feature", "id": 7, "properties": {"code": 360121102000},
               "geometry": {"type": "MultiPolygon", "coordinates": [
                 [[[116.1, 28.5, 12.5], [116.2, 28.5, 13], [116.2, 28.6, 0], [116.1, 28.5, 12.5]]],
                 [[[116.3, 28.5], [116.4, 28.5], [116.3, 28.6], [116.3, 28.5]]]]}},
              {"type": "Feature", "properties": {"code": "X"}, "geometry": null}
            ]}
            """
        let result = try GeoJSONReader().read(text)
        #expect(result.format == .geoJSON)
        #expect(result.features.map(\.code) == ["360121101000", "360121102000"])
        #expect(result.features.map(\.name) == ["云溪街道", nil])
        let first = result.features[0].shape
        #expect(first.polygons.count == 1 && first.polygons[0].rings.count == 2)
        // The repeated position is merged; the ring stays closed.
        #expect(first.polygons[0].exterior == square(115.9, 28.5, 0.1).map(\.snapped))
        #expect(first.polygons[0].holes.first?.count == 4)
        #expect(first.pointCount == 9)
        let second = result.features[1].shape
        #expect(second.polygons.count == 2)
        #expect(second.polygons[0].exterior[1] == GeoPoint(x: 116.2, y: 28.5))
        #expect(result.skipped == [GeoSkippedUnit(index: 2, code: "X", reason: .noGeometry)])
        #expect(second.bounds == GeoBounds(minX: 116.1, minY: 28.5, maxX: 116.4, maxY: 28.6))
    }

    @Test func snapsToMillionthsOfADegree() throws {
        let geometry =
            #"{"type": "Polygon", "coordinates": [[[115.0000004, 28.0000006], [116, 28], [116, 29], [115.0000004, 28.0000006]]]}"#
        let shape = try GeoJSONReader().read(collection(geometry: geometry)).features[0].shape
        #expect(shape.polygons[0].exterior[0] == GeoPoint(x: 115, y: 28.000001))
    }

    @Test func readsASingleFeatureAndTheFeatureIDWhenAskedForID() throws {
        let text = #"{"type": "Feature", "id": "ou_1", "properties": {"name": "x"}, "geometry": \#(unitSquare)}"#
        let result = try GeoJSONReader(codeKey: "id").read(text)
        #expect(result.features.map(\.code) == ["ou_1"])
        // By `code` the same feature names no unit.
        let error = readError(text)
        #expect(error?.code == .missingCode)
        #expect(error?.englishMessage.contains("its properties are name") == true)
        #expect(error?.chineseMessage.contains("第 1 个要素") == true)
    }

    @Test func readsDHIS2MetadataGeometry() throws {
        let text = """
            {"system": {"version": "2.40"}, "organisationUnits": [
              {"id": "ImspTQPwCqd", "code": "OU_525", "name": "Sierra Leone", "geometry": \(unitSquare)},
              {"id": "O6uvpzGd5pu", "code": "OU_264", "name": "Bo",
               "geometry": {"type": "MultiPolygon", "coordinates": [[[[116.1, 28.5], [116.2, 28.5], [116.2, 28.6], [116.1, 28.5]]]]}},
              {"id": "DiszpKrYNg8", "code": "OU_559", "name": "Ngelehun CHC", "geometry": {"type": "Point", "coordinates": [-11.4, 8.1]}},
              {"id": "noGeometry1", "name": "No geometry"},
              {"id": "oldStyle123", "code": "OU_1", "featureType": "POLYGON", "coordinates": "[[[1,2],[3,4]]]"}
            ]}
            """
        let result = try GeoJSONReader().read(text)
        #expect(result.format == .dhis2)
        #expect(result.features.map(\.code) == ["OU_525", "OU_264"])
        #expect(result.features.map(\.name) == ["Sierra Leone", "Bo"])
        #expect(
            result.skipped == [
                GeoSkippedUnit(index: 2, code: "OU_559", reason: .point),
                GeoSkippedUnit(index: 3, code: nil, reason: .noGeometry),
                GeoSkippedUnit(index: 4, code: "OU_1", reason: .legacyCoordinates),
            ])
        let byID = try GeoJSONReader(codeKey: "id").read(text)
        #expect(byID.features.map(\.code) == ["ImspTQPwCqd", "O6uvpzGd5pu"])
        #expect(GeoSkippedUnit.Reason.allCases.allSatisfy { !$0.english.isEmpty && !$0.chinese.isEmpty })
    }

    @Test func dhis2UnitWithGeometryButNoCodeIsRefused() {
        let text = #"{"organisationUnits": [{"id": "a", "geometry": \#(unitSquare)}]}"#
        let error = readError(text)
        #expect(error?.code == .missingCode)
        #expect(error?.feature == 0)
        #expect(error?.englishMessage.hasPrefix("organisation unit 1 (at organisationUnits[0])") == true)
        #expect(error?.chineseMessage.hasPrefix("第 1 个组织机构") == true)
    }

    @Test func readsABareGeometry() throws {
        let shape = try GeoJSONReader().readGeometry(Array(unitSquare.utf8))
        #expect(shape.polygons.count == 1)
        let point = geoError {
            _ = try GeoJSONReader().readGeometry(Array(#"{"type":"Point","coordinates":[1,2]}"#.utf8))
        }
        #expect(point?.code == .wrongType)
    }

    @Test func skipsAByteOrderMark() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array(collection(geometry: unitSquare).utf8)
        #expect(try GeoJSONReader().read(bytes).features.count == 1)
    }

    @Test func everyErrorHasACodeAndBothLanguages() {
        #expect(GeoError.Code.allCases.count == 22)
        let error = readError(
            collection(geometry: unitSquare.replacing("28.6], [115.9, 28.5]", with: "28.6], [115.9, 28.51]")))
        #expect(error?.errorCode == "geo.unclosedRing")
        #expect(error?.description == error?.englishMessage)
        #expect(error?.message == error?.englishMessage)
    }
}
