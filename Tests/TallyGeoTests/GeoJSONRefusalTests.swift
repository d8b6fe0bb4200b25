import Testing

@testable import TallyGeo

/// Every defence of the boundary reader, each tried with input made to break it; every message names the feature,
/// where in it, and what was expected.
@Suite struct GeoJSONRefusalTests {
    func polygon(_ coordinates: String) -> String {
        collection(geometry: #"{"type": "Polygon", "coordinates": \#(coordinates)}"#)
    }

    @Test func unclosedRingNamesFeatureRingAndBothEnds() throws {
        let error = try #require(readError(polygon("[[[115.9, 28.5], [116, 28.5], [116, 28.6], [115.9, 28.61]]]")))
        #expect(error.code == .unclosedRing)
        #expect(error.feature == 0)
        #expect(error.path == "features[0].geometry.coordinates[0]")
        #expect(
            error.englishMessage
                == "feature 1 (code A1, at features[0].geometry.coordinates[0]): the ring is not closed: it starts at "
                + "[115.9, 28.5] and ends at [115.9, 28.61]; repeat the first position at the end")
        #expect(
            error.chineseMessage
                == "第 1 个要素（代码 A1，位置 features[0].geometry.coordinates[0]）：环没有闭合：起点 [115.9, 28.5]，终点 "
                + "[115.9, 28.61]；请在末尾重复起点")
    }

    @Test func nanAndInfinityAreRefusedByName() throws {
        for (literal, word) in [("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "Infinity")] {
            let error = try #require(
                readError(polygon("[[[115.9, \(literal)], [116, 28.5], [116, 28.6], [115.9, 28.5]]]")))
            #expect(error.code == .notFinite)
            #expect(error.englishMessage.contains("\(word) is not a number JSON can hold"))
            #expect(error.path == "features[0].geometry.coordinates[0][0]")
        }
        let huge = try #require(readError(polygon("[[[1e999, 28.5], [116, 28.5], [116, 28.6], [1e999, 28.5]]]")))
        #expect(huge.code == .notFinite && huge.englishMessage.contains("1e999"))
    }

    @Test func coordinatesOutOfRangeSuggestDegrees() throws {
        let error = try #require(
            readError(polygon("[[[500000, 3150000], [500100, 3150000], [500100, 3150100], [500000, 3150000]]]")))
        #expect(error.code == .outOfRange)
        #expect(error.englishMessage.contains("not projected metres"))
        #expect(error.chineseMessage.contains("经度在前"))
        let latitude = try #require(readError(polygon("[[[10, 91], [11, 28], [11, 29], [10, 91]]]")))
        #expect(latitude.code == .outOfRange)
    }

    @Test func positionsMustBeTwoOrThreeNumbers() throws {
        let one = try #require(readError(polygon("[[[115.9], [116, 28.5], [116, 28.6], [115.9, 28.5]]]")))
        #expect(one.code == .badPosition && one.englishMessage.contains("has 1 number;"))
        let four = try #require(readError(polygon("[[[115.9, 28.5, 1, 2], [116, 28.5], [116, 28.6], [115.9, 28.5]]]")))
        #expect(four.code == .badPosition && four.englishMessage.contains("more than 3 numbers"))
        let text = try #require(readError(polygon(#"[[["115.9", 28.5], [116, 28.5], [116, 28.6], [115.9, 28.5]]]"#)))
        #expect(text.code == .badPosition)
        #expect(text.englishMessage.contains("where a number was expected"))
        let null = try #require(readError(polygon("[[[null, 28.5], [116, 28.5], [116, 28.6], [115.9, 28.5]]]")))
        #expect(null.code == .badPosition)
    }

    @Test func wrongNestingSaysWhatWasExpected() throws {
        let flat = try #require(readError(polygon("[[115.9, 28.5], [116, 28.5], [116, 28.6], [115.9, 28.5]]")))
        #expect(flat.code == .wrongNesting && flat.englishMessage.contains("put it in another pair of brackets"))
        let deep = try #require(readError(polygon("[[[[115.9, 28.5], [116, 28.5], [116, 28.6], [115.9, 28.5]]]]")))
        #expect(deep.code == .wrongNesting && deep.englishMessage.contains("is the type MultiPolygon?"))
        let multi = collection(
            geometry:
                #"{"type": "MultiPolygon", "coordinates": [[[115.9, 28.5], [116, 28.5], [116, 28.6], [115.9, 28.5]]]}"#)
        let shallow = try #require(readError(multi))
        #expect(shallow.code == .wrongNesting)
        let mixed = try #require(readError(polygon("[[[115.9, 28.5], [[116, 28.5]], [116, 28.6], [115.9, 28.5]]]")))
        #expect(mixed.code == .wrongNesting && mixed.englishMessage.contains("mixed"))
        let tooDeep = try #require(readError(polygon("[[[[[[1, 2]]]]]]")))
        #expect(tooDeep.code == .wrongNesting)
    }

    @Test func ringsNeedThreeDifferentPointsAndAnArea() throws {
        let two = try #require(readError(polygon("[[[115.9, 28.5], [116, 28.5], [116, 28.5], [115.9, 28.5]]]")))
        #expect(two.code == .tooFewPoints && two.englishMessage.contains("has 2 different positions"))
        let line = try #require(readError(polygon("[[[115.9, 28.5], [116, 28.5], [116.1, 28.5], [115.9, 28.5]]]")))
        #expect(line.code == .noArea)
        let empty = try #require(readError(polygon("[[]]")))
        #expect(empty.code == .tooFewPoints)
        let noRing = try #require(readError(polygon("[]")))
        #expect(noRing.code == .tooFewPoints)
        let single = try #require(readError(polygon("[[[115.9, 28.5]]]")))
        #expect(single.code == .tooFewPoints)
    }

    @Test func geometriesThatAreNotAreasAreRefused() throws {
        for type in ["Point", "LineString", "MultiLineString", "MultiPoint", "GeometryCollection"] {
            let error = try #require(readError(collection(geometry: #"{"type": "\#(type)", "coordinates": [1, 2]}"#)))
            #expect(error.code == .wrongType, "\(type)")
            #expect(error.englishMessage.contains("a boundary must be a Polygon or MultiPolygon"))
        }
        let bare = try #require(readError(unitSquare))
        #expect(bare.code == .wrongType && bare.englishMessage.contains("wrap it in a Feature"))
        let noCoordinates = try #require(readError(collection(geometry: #"{"type": "Polygon"}"#)))
        #expect(noCoordinates.code == .wrongType)
        let stringGeometry = try #require(readError(collection(geometry: #""POLYGON((1 2, 3 4))""#)))
        #expect(stringGeometry.code == .wrongType)
    }

    @Test func documentsThatAreNotBoundaries() throws {
        #expect(readError("[1, 2]")?.code == .notBoundaries)
        #expect(readError(#"{"dataValues": []}"#)?.code == .notBoundaries)
        #expect(readError(#"{"type": "Topology"}"#)?.code == .notBoundaries)
        #expect(readError(#"{"type": "FeatureCollection", "features": []}"#)?.code == .empty)
        #expect(readError(#"{"organisationUnits": []}"#)?.code == .empty)
        #expect(readError(#"{"type": "FeatureCollection", "features": {}}"#)?.code == .wrongType)
        #expect(readError(#"{"type": "FeatureCollection"}"#)?.code == .wrongType)
        #expect(readError(#"{"type": 3}"#)?.code == .wrongType)
        let notFeature = #"{"type": "FeatureCollection", "features": [{"type": "Polygon"}]}"#
        #expect(readError(notFeature)?.code == .wrongType)
    }

    @Test func codesMustBeTextOrWholeNumbersWithoutHiddenCharacters() throws {
        let fraction = try #require(readError(collection(geometry: unitSquare, properties: #"{"code": 1.5}"#)))
        #expect(fraction.code == .badCode && fraction.path == "features[0].properties.code")
        let list = try #require(readError(collection(geometry: unitSquare, properties: #"{"code": ["a"]}"#)))
        #expect(list.code == .badCode)
        let hidden = try #require(readError(collection(geometry: unitSquare, properties: #"{"code": "A\u200b1"}"#)))
        #expect(hidden.code == .badCode && hidden.englishMessage.contains("U+200B"))
        #expect(hidden.chineseMessage.contains("零宽"))
        let bidi = try #require(
            readError(collection(geometry: unitSquare, properties: #"{"code": "A1", "name": "\u202Eevil"}"#)))
        #expect(bidi.code == .badCode && bidi.path == "features[0].properties.name")
        let blank = try #require(readError(collection(geometry: unitSquare, properties: #"{"code": "  "}"#)))
        #expect(blank.code == .missingCode)
        let noProperties = try #require(readError(collection(geometry: unitSquare, properties: "null")))
        #expect(noProperties.code == .missingCode && noProperties.englishMessage.contains("it has no properties"))
        let otherKey = GeoJSONReader(codeKey: "adcode")
        #expect(
            try otherKey.read(collection(geometry: unitSquare, properties: #"{"adcode": 360121}"#)).features[0].code
                == "360121")
        let negative = try #require(readError(collection(geometry: unitSquare, properties: #"{"code": -5}"#)))
        #expect(negative.code == .badCode)
    }

    @Test func twoFeaturesWithOneCodeAreRefused() throws {
        let feature = #"{"type": "Feature", "properties": {"code": "A1"}, "geometry": \#(unitSquare)}"#
        let text = #"{"type": "FeatureCollection", "features": [\#(feature), \#(feature)]}"#
        let error = try #require(readError(text))
        #expect(error.code == .duplicateCode && error.feature == 1)
        #expect(error.englishMessage.contains("already given to entry 1"))
    }

    @Test func duplicateMembersAreRefused() throws {
        let error = try #require(
            readError(collection(geometry: unitSquare, properties: #"{"code": "A", "code": "B"}"#)))
        #expect(error.code == .duplicateKey && error.englishMessage.contains("\"code\" is given twice"))
    }

    @Test func syntaxErrorsNameLineAndColumn() throws {
        let text = "{\"type\": \"FeatureCollection\",\n  \"features\": [1 2]}"
        let error = try #require(readError(text))
        #expect(error.code == .syntax)
        #expect(
            error.englishMessage
                == "at features: line 2, column 18: found '2'; expected ',' or ']' after an array element")
        #expect(error.chineseMessage.contains("第 2 行第 18 列"))
        #expect(readError(#"{"type": "Feature",}"#)?.code == .syntax)
        #expect(readError(#"{"type": "Feature"} x"#)?.code == .syntax)
        #expect(readError(#"{"type": "Feat"#)?.code == .syntax)
        #expect(readError("{\"type\": \"a\u{01}\"}")?.code == .syntax)
        #expect(readError(#"{"type": "\x"}"#)?.code == .syntax)
        #expect(readError(#"{"type": "\ud800"}"#)?.code == .syntax)
        #expect(readError(#"{"type": "\udc00"}"#)?.code == .syntax)
        #expect(readError(#"{"type": tru}"#)?.code == .syntax)
        #expect(readError(#"{"type": 01}"#)?.code == .syntax)
        #expect(readError(#"{"type": 1.}"#)?.code == .syntax)
        #expect(readError(#"{"type": -}"#)?.code == .syntax)
        #expect(readError("")?.code == .syntax)
        // Column counts characters, not bytes.
        let chinese = try #require(readError("{\"名称\": x}"))
        #expect(chinese.englishMessage.contains("line 1, column 8"))
    }

    @Test func escapesAreDecoded() throws {
        let properties = #"{"code": "A\u0031", "name": "\u4e91\u6eaa \"x\" \ud83d\ude00"}"#
        let feature = try GeoJSONReader().read(collection(geometry: unitSquare, properties: properties)).features[0]
        #expect(feature.code == "A1")
        #expect(feature.name == "云溪 \"x\" 😀")
    }

    @Test func textThatIsNotUTF8IsRefused() throws {
        var bytes = Array(collection(geometry: unitSquare, properties: #"{"code": "AB"}"#).utf8)
        let a = bytes.firstIndex(of: UInt8(ascii: "B"))!
        bytes[a] = 0xC3
        let error = geoError { _ = try GeoJSONReader().read(bytes) }
        #expect(error?.code == .notUTF8)
        let utf16 = [0xFF, 0xFE] + Array("{}".utf8)
        #expect(geoError { _ = try GeoJSONReader().read(utf16) }?.code == .notUTF8)
        let wide: [UInt8] = [0x7B, 0x00, 0x7D, 0x00]
        #expect(geoError { _ = try GeoJSONReader().read(wide) }?.code == .notUTF8)
    }

    @Test func limitsBoundTheWork() throws {
        let text = collection(geometry: unitSquare)
        let small = GeoJSONReader(limits: GeoLimits(maxBytes: 100))
        let bytes = try #require(readError(text, reader: small))
        #expect(bytes.code == .tooLarge && bytes.englishMessage.contains("more than the 100"))

        let fewPoints = GeoJSONReader(limits: GeoLimits(maxPoints: 4))
        let points = try #require(readError(text, reader: fewPoints))
        #expect(points.code == .tooManyPoints && points.path == "features[0].geometry.coordinates[0][4]")

        let feature = #"{"type": "Feature", "properties": {"code": "A"}, "geometry": null}"#
        let many = #"{"type": "FeatureCollection", "features": [\#(feature), \#(feature), \#(feature)]}"#
        let fewFeatures = GeoJSONReader(limits: GeoLimits(maxFeatures: 2))
        let features = try #require(readError(many, reader: fewFeatures))
        #expect(features.code == .tooManyFeatures && features.englishMessage.contains("more than 2 entries"))

        let nested = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        let deep = #"{"type": "FeatureCollection", "extra": \#(nested), "features": []}"#
        let depth = try #require(readError(deep, reader: GeoJSONReader(limits: GeoLimits(maxDepth: 32))))
        #expect(depth.code == .tooDeep)

        let long = collection(
            geometry: unitSquare, properties: #"{"code": "A", "note": "\#(String(repeating: "x", count: 300))"}"#)
        let string = try #require(readError(long, reader: GeoJSONReader(limits: GeoLimits(maxStringBytes: 200))))
        #expect(string.code == .tooLong)
        let number = collection(
            geometry: unitSquare, properties: #"{"code": "A", "n": 1\#(String(repeating: "0", count: 70))}"#)
        #expect(readError(number)?.code == .tooLong)
    }

    @Test func deepNestingDoesNotOverflowTheStack() throws {
        let nested = String(repeating: "[", count: 100_000)
        let error = try #require(readError(#"{"type": \#(nested)"#))
        #expect(error.code == .tooDeep)
        let objects = String(repeating: #"{"a":"#, count: 100_000)
        #expect(readError(objects)?.code == .tooDeep)
    }
}
