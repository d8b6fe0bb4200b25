import Foundation
import Tally
import TallyBulletin
import TallyCore
import TallyDemo
import TallyGeo
import TallyServerTesting
import TallyStore
import TallyText
import Testing

/// `importBoundaries` (`tally orgunits geometry`) and the map it feeds in the bulletin, on SQLite and PostgreSQL.
@Suite struct BoundaryUseCaseTests {
    /// A square of `side` millionths of a degree with its south-west corner at (lon, lat) in millionths.
    static func square(_ lon: Int, _ lat: Int, _ side: Int) -> String {
        func p(_ x: Int, _ y: Int) -> String {
            "[\(Double(x) / 1e6),\(Double(y) / 1e6)]"
        }
        let ring = [
            p(lon, lat), p(lon + side, lat), p(lon + side, lat + side), p(lon, lat + side), p(lon, lat),
        ]
        return #"{"type":"Polygon","coordinates":[["# + ring.joined(separator: ",") + "]]}"
    }

    static func feature(_ code: String, _ geometry: String) -> String {
        #"{"type":"Feature","properties":{"code":"\#(code)"},"geometry":\#(geometry)}"#
    }

    static func collection(_ features: [String]) -> String {
        #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}"
    }

    /// 甲镇 and 乙镇 side by side (0.02° squares sharing an edge), and 甲一村 inside 甲镇.
    static let towns = collection([
        feature("TA", square(115_900_000, 28_500_000, 20_000)),
        feature("TB", square(115_920_000, 28_500_000, 20_000)),
        feature("A1", square(115_900_000, 28_500_000, 10_000)),
    ])

    /// Population for 2025, births for October 2025 in 甲镇's villages only: 乙镇's birth rate is missing.
    static let data = """
        dataelement,period,orgunit,categoryoptioncombo,value
        population,2025,A1,,1000
        population,2025,A2,,1000
        population,2025,B1,,500
        population,2025,B2,,500
        births,202510,A1,male,2
        births,202510,A2,female,3

        """

    @Test(arguments: TestBackend.available)
    func aGoodFileIsStoredAndCountedAndReimportReplaces(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let result = try w.importBoundaries(file: try county.file("towns.geojson", Self.towns))
        #expect(result.stored == 3 && result.added == 3)
        #expect(result.unitsWithBoundary == 3 && result.unitsWithoutBoundary == 4)  // 7 units in the tree
        #expect(result.skipped.isEmpty)
        // Three squares of four corners and the closing point each; nothing on a straight line to drop.
        #expect(result.pointsRead == 15 && result.pointsKept == 15)
        #expect(
            result.summary(.en)
                == "\(result.file): 3 boundaries stored (3 new, 0 replaced), simplified to 10 m, 15 → 15 points; 3 org units have a boundary, 4 have none."
        )
        #expect(
            result.summary(.zh)
                == "\(result.file)：存储 3 个边界（新增 3，替换 0），按 10 米容差简化，点数 15 → 15；现有 3 个单位有边界，4 个没有。")
        // Stored in TallyGeo's form, giving back exactly the square read.
        let stored = try w.store.boundaries(of: ["TA", "TB", "A1", "A2"])
        #expect(stored.keys.sorted() == ["A1", "TA", "TB"])
        let ta = try GeoShapeText.decode(stored["TA"]!)
        #expect(ta.polygons.count == 1 && ta.polygons[0].rings.count == 1)
        #expect(
            ta.polygons[0].exterior.map { [Int(($0.x * 1e6).rounded()), Int(($0.y * 1e6).rounded())] } == [
                [115_900_000, 28_500_000], [115_920_000, 28_500_000], [115_920_000, 28_520_000],
                [115_900_000, 28_520_000], [115_900_000, 28_500_000],
            ])

        // A second file replaces 甲镇's boundary only.
        let again = try w.importBoundaries(
            file: try county.file(
                "ta.geojson", Self.collection([Self.feature("TA", Self.square(115_900_000, 28_500_000, 30_000))])))
        #expect(again.stored == 1 && again.added == 0 && again.unitsWithBoundary == 3)
        #expect(again.summary(.en).contains("1 boundaries stored (0 new, 1 replaced)"))
        #expect(try w.store.boundaries(of: ["TB"]) == ["TB": stored["TB"]!])
        #expect(try w.store.boundaries(of: ["TA"]) != ["TA": stored["TA"]!])
    }

    @Test(arguments: TestBackend.available)
    func unknownCodesAndBadCoordinatesStoreNothing(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        // Two unknown codes among good features: each is named by its place and code, and nothing is stored.
        let unknown = Self.collection([
            Self.feature("TA", Self.square(115_900_000, 28_500_000, 20_000)),
            Self.feature("X9", Self.square(115_920_000, 28_500_000, 20_000)),
            #"{"type":"Feature","properties":{"code":"Y7","name":"外县"},"geometry":\#(Self.square(1, 1, 10_000))}"#,
        ])
        let file = try county.file("unknown.geojson", unknown)
        let error = try #require(thrown(BoundaryError.self) { try w.importBoundaries(file: file) })
        #expect(error.errorCode == "boundary.unknown_units")
        #expect(error.problems.count == 2)
        #expect(
            error.message(.en)
                == """
                \(file): 2 problems; no boundary was stored
                  feature 2 has the code 'X9', which is no org unit; add the unit with 'tally orgunits import' first, or correct the code
                  feature 3 (外县) has the code 'Y7', which is no org unit; add the unit with 'tally orgunits import' first, or correct the code
                """)
        #expect(error.message(.zh).contains("第 3 个要素（外县）的代码“Y7”不是单位代码"))
        #expect(try w.store.boundaryCount() == 0)

        // A latitude out of range: TallyGeo's sentence after the file, with the feature and the JSON path.
        let bad = Self.collection([
            Self.feature("TA", Self.square(115_900_000, 28_500_000, 20_000)),
            Self.feature(
                "TB", #"{"type":"Polygon","coordinates":[[[115.9,28.5],[115.92,95.5],[115.92,28.52],[115.9,28.5]]]}"#),
        ])
        let badFile = try county.file("bad.geojson", bad)
        let refused = try #require(thrown(BoundaryError.self) { try w.importBoundaries(file: badFile) })
        #expect(refused.errorCode == "boundary.unreadable")
        #expect(
            refused.message(.en).hasPrefix(
                "\(badFile): feature 2 (at features[1].geometry.coordinates[0][1]): the position [115.92, 95.5] is not a longitude in −180…180 and a latitude in −90…90"
            ))
        #expect(
            refused.message(.zh).hasPrefix(
                "\(badFile)：第 2 个要素（位置 features[1].geometry.coordinates[0][1]）：点 [115.92, 95.5] 不是"))
        #expect(try w.store.boundaryCount() == 0)

        // An unclosed ring, a file that is not JSON, one that is missing, and one without any area.
        let unclosed = Self.collection([
            Self.feature(
                "TA", #"{"type":"Polygon","coordinates":[[[115.9,28.5],[115.92,28.5],[115.92,28.52],[115.9,28.52]]]}"#)
        ])
        for (name, text) in [("unclosed.geojson", unclosed), ("junk.geojson", "code,name\nTA,甲镇\n")] {
            let path = try county.file(name, text)
            #expect(thrown(BoundaryError.self) { try w.importBoundaries(file: path) }?.code == .unreadable)
        }
        let missing = county.directory.appendingPathComponent("none.geojson").path
        #expect(
            thrown(BoundaryError.self) { try w.importBoundaries(file: missing) }?.message(.en)
                == "\(missing): no such file, or it is not readable")
        let empty = try county.file("empty.geojson", Self.collection([]))
        #expect(thrown(BoundaryError.self) { try w.importBoundaries(file: empty) }?.code == .unreadable)
        let points = try county.file(
            "points.json",
            #"{"organisationUnits": [{"code": "B1", "geometry": {"type": "Point", "coordinates": [115.93, 28.51]}}]}"#)
        let none = try #require(thrown(BoundaryError.self) { try w.importBoundaries(file: points) })
        #expect(none.code == .noBoundaries)
        #expect(none.message(.en) == "\(points): the file holds no area boundary (1 skipped)")
        #expect(try w.store.boundaryCount() == 0)
    }

    @Test(arguments: TestBackend.available)
    func dhis2MetadataCountsPointsAsSkipped(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let metadata = """
            {"organisationUnits": [
              {"id": "a1", "code": "TA", "name": "甲镇", "geometry": \(Self.square(115_900_000, 28_500_000, 20_000))},
              {"id": "b1", "code": "B1", "name": "乙一村", "geometry": {"type": "Point", "coordinates": [115.93, 28.51]}},
              {"id": "b2", "code": "B2", "name": "乙二村"}
            ]}
            """
        let result = try county.workspace.importBoundaries(file: try county.file("dhis2.json", metadata))
        #expect(result.isDHIS2 && result.stored == 1)
        #expect(result.skipped.map(\.count) == [1, 1])
        #expect(
            result.summary(.en).hasSuffix(
                "skipped: 1 no geometry, 1 a point (a facility's location), not an area."))
        #expect(try county.workspace.store.boundaries(of: ["TA", "B1", "B2"]).keys.sorted() == ["TA"])
    }

    /// The map in the bulletin: only when the children have boundaries; a child without a value hatched as missing,
    /// a child without a boundary named in a note; without boundaries the bulletin is as before.
    @Test(arguments: TestBackend.available)
    func theBulletinMapsTheRankingFigureWhenChildrenHaveBoundaries(_ backend: TestBackend) throws {
        let county = try County.make(backend, data: Self.data)
        defer { county.remove() }
        let w = county.workspace
        let period = try Period("202510")
        func bulletin(_ language: Language) throws -> Bulletin {
            try w.bulletin(
                orgUnit: try w.unit(nil), period: period, language: language,
                preparedOn: Day(year: 2025, month: 12, day: 1)!)
        }
        let before = try bulletin(.zh)
        #expect(!before.charts.contains { $0.id == "map" })

        _ = try w.importBoundaries(
            file: try county.file(
                "ta.geojson", Self.collection([Self.feature("TA", Self.square(115_900_000, 28_500_000, 20_000))])))
        let one = try bulletin(.zh)
        let oneMap = try #require(one.charts.first { $0.id == "map" })
        #expect(oneMap.section == .ranking && oneMap.title == "出生率：各单位分布图")
        #expect(oneMap.svg.components(separatedBy: "data-unit=").count - 1 == 1)
        #expect(one.rankingNotes.last == "1个单位没有边界，未在分布图中显示：乙镇。")
        // Everything else is as before.
        #expect(one.ranking == before.ranking && one.keyFigures == before.keyFigures)
        #expect(one.charts.filter { $0.id != "map" } == before.charts)

        _ = try w.importBoundaries(file: try county.file("towns.geojson", Self.towns))
        for language in Language.allCases {
            let b = try bulletin(language)
            let map = try #require(b.charts.first { $0.id == "map" })
            #expect(map.svg.components(separatedBy: "data-unit=").count - 1 == 2)
            #expect(map.svg.contains(#"data-unit="TA" data-class="1""#))
            // 乙镇 has no births: its rate is missing, hatched with its own legend entry, never a class colour.
            #expect(map.svg.contains(#"data-unit="TB" data-class="missing""#))
            let ta = try #require(b.ranking?.rows.first { $0[1] == w.tree.units[w.tree.index["TA"]!].name(language) })
            let name = w.tree.units[w.tree.index["TA"]!].name(language)
            #expect(map.svg.contains("<title>\(name): \(ta[2 + 2])‰</title>"))  // births, change, then the rate
            #expect(map.svg.contains(Label.noData.text(language) + " (1)"))
            #expect(!b.rankingNotes.contains { $0.contains("乙镇") || $0.contains("no boundary") })
            #expect(BulletinHTML.render(b).contains(#"data-unit="TB""#))
            #expect(BulletinMarkdown.render(b) { "bulletin-\($0.id).svg" }.contains("(bulletin-map.svg)"))
        }

        // A damaged stored boundary is refused, naming the unit and what to do.
        try w.store.saveBoundaries(["TB": "g1:!"])
        let damaged = try #require(thrown(BoundaryError.self) { try bulletin(.en) })
        #expect(damaged.errorCode == "boundary.damaged")
        #expect(damaged.message(.en).contains("the stored boundary of the unit 'TB' is damaged ("))
        #expect(damaged.message(.en).hasSuffix("); import the boundaries again"))
    }

    /// The demo's boundaries imported as `tally demo` does: the bulletin's HTML has one path per town and a legend.
    @Test func theDemoBulletinHasAPathPerTownAndALegend() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tally-demo-map-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try DemoCounty().writeAll(to: directory.path)
        let boundaries = try #require(files.boundaries)
        let created = try Workspace.create(
            path: directory.appendingPathComponent("tally.sqlite").path, metadataFile: files.metadata,
            orgUnitsFile: files.orgUnits, force: false)
        _ = try created.importData(file: files.data, user: "demo", time: 1_772_712_000)
        let w = try Workspace.load(created.store)
        let imported = try w.importBoundaries(file: boundaries)
        #expect(imported.stored == w.tree.count && imported.unitsWithoutBoundary == 0)
        #expect(imported.pointsKept <= imported.pointsRead)
        let root = try w.unit(nil)
        let towns = w.tree.children(root)
        #expect(towns.count == 12)
        let bulletin = try w.bulletin(
            orgUnit: root, period: try Period("202510..202601"), language: .zh,
            preparedOn: Day(year: 2026, month: 2, day: 20)!)
        let html = BulletinHTML.render(bulletin)
        let paths = html.components(separatedBy: "<path ").dropFirst().filter { $0.contains("data-unit=") }
        #expect(paths.count == towns.count)
        for town in towns {
            #expect(html.contains(#"data-unit="\#(w.tree.units[town].code)""#))
        }
        let map = try #require(bulletin.charts.first { $0.id == "map" })
        // The legend: its title (the rate and its unit) and one entry per class with its bounds, unit and count.
        #expect(map.svg.contains(">出生率 (‰)</text>"))
        let counts = map.svg.matches(of: /‰ \((\d+)\)<\/text>/).map { Int($0.1)! }
        #expect(counts.count >= 3 && counts.reduce(0, +) == towns.count)
    }
}
