internal import Foundation
public import TallyCharts
public import TallyCore
internal import TallyGeo
internal import TallyRender
internal import TallyStore
public import TallyText

extension Workspace {
    /// The tolerance, in metres, that boundaries are simplified with when they are imported: TallyGeo's
    /// `GeoSimplifier.defaultTolerance`, 10 m — a quarter of a pixel for a county on a 1,366-pixel screen, and below
    /// two pixels for a town of 10 km filling it. Borders two units share stay shared (one arc, simplified once).
    public static var boundaryTolerance: Double { GeoSimplifier.defaultTolerance }

    /// Imports org-unit boundaries from a GeoJSON file (a FeatureCollection or one Feature whose features name their
    /// unit by the property `codeKey`) or from DHIS2 metadata JSON (each organisation unit's `geometry`).
    ///
    /// Every feature must name a unit of the tree; the shapes are simplified together by ``boundaryTolerance`` and
    /// stored in one transaction, replacing the boundary each named unit had. Nothing is stored when anything is
    /// refused. DHIS2 units with a point, no geometry or the old text `coordinates`, and GeoJSON features whose
    /// geometry is `null`, are counted in the result as skipped with their reason.
    ///
    /// - Throws: ``BoundaryError`` naming the file and the feature: a file that cannot be read or is not boundaries
    ///   (with TallyGeo's sentence: the feature, the JSON path, what was found and expected), a code that is no org
    ///   unit (every such feature listed), a file without any area.
    public func importBoundaries(file: String, codeKey: String = "code") throws -> BoundaryImport {
        let limits = GeoLimits()
        let bytes = try Self.readBoundaryFile(file, limit: limits.maxBytes)
        let read: GeoReadResult
        do {
            read = try GeoJSONReader(codeKey: codeKey, limits: limits).read(bytes)
        } catch {
            throw BoundaryError(
                .unreadable, file: file,
                problems: [Localized(zh: error.chineseMessage, en: error.englishMessage)])
        }
        // The features' places in the file: every entry is a feature or a skipped one, in file order.
        let skippedPlaces = Set(read.skipped.map(\.index))
        var places: [Int] = []
        var place = 0
        while places.count < read.features.count {
            if !skippedPlaces.contains(place) { places.append(place) }
            place += 1
        }
        let noun =
            read.format == .dhis2
            ? Localized(zh: "组织机构", en: "organisation unit") : Localized(zh: "要素", en: "feature")
        var problems: [Localized<String>] = []
        for (feature, place) in zip(read.features, places) where tree.index[feature.code] == nil {
            let name = feature.name.map { Localized(zh: "（\($0)）", en: " (\($0))") } ?? Localized(verbatim: "")
            problems.append(
                Localized(
                    zh:
                        "第 \(place + 1) 个\(noun.zh)\(name.zh)的代码“\(feature.code)”不是单位代码；请先用“tally orgunits import”添加该单位，或改正代码",
                    en:
                        "\(noun.en) \(place + 1)\(name.en) has the code '\(feature.code)', which is no org unit; add the unit with 'tally orgunits import' first, or correct the code"
                ))
        }
        guard problems.isEmpty else { throw BoundaryError(.unknownUnits, file: file, problems: problems) }
        guard !read.features.isEmpty else {
            throw BoundaryError(
                .noBoundaries, file: file,
                problems: [
                    Localized(
                        zh: "文件中没有任何区域边界（跳过 \(read.skipped.count) 个）",
                        en: "the file holds no area boundary (\(read.skipped.count) skipped)")
                ])
        }
        let simplified = GeoSimplifier(tolerance: Self.boundaryTolerance).simplify(read.features)
        var texts: [String: String] = [:]
        for feature in simplified { texts[feature.code] = GeoShapeText.encode(feature.shape) }
        let added = try store.saveBoundaries(texts)
        let stored = try store.boundaryCount()
        var skipped: [GeoSkippedUnit.Reason: Int] = [:]
        for entry in read.skipped { skipped[entry.reason, default: 0] += 1 }
        return BoundaryImport(
            file: file, isDHIS2: read.format == .dhis2, stored: texts.count, added: added,
            skipped: GeoSkippedUnit.Reason.allCases.compactMap { reason in
                skipped[reason].map { (Localized(zh: reason.chinese, en: reason.english), $0) }
            },
            pointsRead: read.features.reduce(0) { $0 + $1.shape.pointCount },
            pointsKept: simplified.reduce(0) { $0 + $1.shape.pointCount },
            unitsWithBoundary: stored, unitsWithoutBoundary: tree.count - stored)
    }

    /// The stored boundaries of `units` (tree indices) as areas for a map `width` pixels wide: projected together
    /// onto a plane in metres (x to the east, y to the north; TallyGeo's equirectangular projection around their
    /// centre) and simplified together to half a pixel, so shared borders stay shared. Units without a boundary are
    /// absent; the result is empty when none has one.
    ///
    /// - Throws: ``BoundaryError`` `damaged` when a stored boundary is not in the stored form (a damaged database).
    public func mapAreas(of units: [Int], width: Double) throws -> [Int: [[ChartPoint]]] {
        let stored = try store.boundaries(of: units.map { tree.units[$0].code })
        guard !stored.isEmpty else { return [:] }
        var indices: [Int] = []
        var shapes: [GeoShape] = []
        for unit in units {
            let code = tree.units[unit].code
            guard let text = stored[code] else { continue }
            do {
                shapes.append(try GeoShapeText.decode(text))
            } catch {
                throw BoundaryError(
                    .damaged, file: store.location,
                    problems: [
                        Localized(
                            zh: "单位“\(code)”存储的边界已损坏（\(error.chineseMessage)）；请重新导入边界",
                            en:
                                "the stored boundary of the unit '\(code)' is damaged (\(error.englishMessage)); import the boundaries again"
                        )
                    ])
            }
            indices.append(unit)
        }
        guard let bounds = GeoBounds(union: shapes.compactMap(\.bounds)) else { return [:] }
        let tolerance = GeoSimplifier.displayTolerance(for: bounds, width: width)
        let projection = GeoProjection(fitting: bounds)
        var areas: [Int: [[ChartPoint]]] = [:]
        for (unit, shape) in zip(indices, GeoSimplifier(tolerance: tolerance).simplify(shapes)) {
            areas[unit] = shape.projected(projection).rings.map { ring in ring.map { ChartPoint(x: $0.x, y: $0.y) } }
        }
        return areas
    }

    static func readBoundaryFile(_ file: String, limit: Int) throws -> [UInt8] {
        func refused(_ problem: Localized<String>) -> BoundaryError {
            BoundaryError(.unreadable, file: file, problems: [problem])
        }
        let data = try readFile(
            file, limit: limit,
            tooLarge: { size in
                refused(
                    Localized(
                        zh: "文件有 \(Thousands.grouped(size)) 字节，超过边界文件的上限 \(Thousands.grouped(limit)) 字节",
                        en:
                            "the file has \(Thousands.grouped(size)) bytes, more than a boundary file may have (\(Thousands.grouped(limit)))"
                    ))
            },
            unreadable: { refused(Localized(zh: "文件不存在或不可读", en: "no such file, or it is not readable")) })
        return Array(data)
    }
}

/// What ``Workspace/importBoundaries(file:codeKey:)`` did.
public struct BoundaryImport: Sendable {
    /// The file.
    public var file: String
    /// Whether the file was DHIS2 metadata (else GeoJSON).
    public var isDHIS2: Bool
    /// The units whose boundary the file gave and which were stored.
    public var stored: Int
    /// Of those, the units that had no boundary before (the others were replaced).
    public var added: Int
    /// Entries of the file left out on purpose, by reason (in the reader's order of reasons), with their count.
    public var skipped: [(reason: Localized<String>, count: Int)]
    /// The points of the boundaries as read, and as kept after simplification.
    public var pointsRead: Int
    /// The points kept after simplification by ``Workspace/boundaryTolerance``.
    public var pointsKept: Int
    /// The org units that now have a boundary, and those that have none.
    public var unitsWithBoundary: Int
    /// The org units that have no boundary.
    public var unitsWithoutBoundary: Int

    /// The summary a clerk reads: "boundaries.geojson: 263 boundaries stored (263 new, 0 replaced), …".
    public func summary(_ language: Language) -> String {
        let tolerance = NumberFormat.fixed(Workspace.boundaryTolerance, decimals: 0)
        let skippedText = skipped.map { reason, count in
            Localized(zh: "\(Thousands.grouped(count)) 个\(reason.zh)", en: "\(Thousands.grouped(count)) \(reason.en)")
        }
        var text = Localized(
            zh:
                "\(file)：存储 \(Thousands.grouped(stored)) 个边界（新增 \(Thousands.grouped(added))，替换 \(Thousands.grouped(stored - added))），按 \(tolerance) 米容差简化，点数 \(Thousands.grouped(pointsRead)) → \(Thousands.grouped(pointsKept))；现有 \(Thousands.grouped(unitsWithBoundary)) 个单位有边界，\(Thousands.grouped(unitsWithoutBoundary)) 个没有",
            en:
                "\(file): \(Thousands.grouped(stored)) boundaries stored (\(Thousands.grouped(added)) new, \(Thousands.grouped(stored - added)) replaced), simplified to \(tolerance) m, \(Thousands.grouped(pointsRead)) → \(Thousands.grouped(pointsKept)) points; \(Thousands.grouped(unitsWithBoundary)) org units have a boundary, \(Thousands.grouped(unitsWithoutBoundary)) have none"
        )
        if !skippedText.isEmpty {
            text = Localized(
                zh: text.zh + "；跳过：" + skippedText.map(\.zh).joined(separator: "，"),
                en: text.en + "; skipped: " + skippedText.map(\.en).joined(separator: ", "))
        }
        return Localized(zh: text.zh + "。", en: text.en + ".")(language)
    }
}

/// A boundary file or stored boundary that cannot be used; nothing is stored then.
public struct BoundaryError: TallyError {
    /// What is wrong.
    public enum Code: String, Sendable {
        /// The file cannot be read, is too large, or is not GeoJSON or DHIS2 metadata with valid areas.
        case unreadable
        /// Features name codes that are no org unit.
        case unknownUnits = "unknown_units"
        /// The file holds no area at all.
        case noBoundaries = "no_boundaries"
        /// A stored boundary is not in the stored form.
        case damaged
    }

    /// What is wrong.
    public let code: Code
    /// The file (or the database, for a damaged stored boundary).
    public let file: String
    /// Every problem found, each a sentence in every language.
    public let problems: [Localized<String>]

    /// An error.
    public init(_ code: Code, file: String, problems: [Localized<String>]) {
        self.code = code
        self.file = file
        self.problems = problems
    }

    /// `boundary.unreadable`, `boundary.unknown_units`, `boundary.no_boundaries`, `boundary.damaged`.
    public var errorCode: String { "boundary.\(code.rawValue)" }

    /// The most problems a message lists; the rest are counted.
    static let listed = 10

    /// The file, then the first problems, one a line, and how many more there are.
    public func message(_ language: Language) -> String {
        let lines = problems.prefix(Self.listed).map { $0(language) }
        let more =
            problems.count > Self.listed
            ? [
                Localized(
                    zh: "另有 \(problems.count - Self.listed) 个问题；没有存储任何边界",
                    en: "and \(problems.count - Self.listed) more problems; no boundary was stored")(language)
            ] : []
        if lines.count == 1 && more.isEmpty { return Localized.placed(file, problems[0])(language) }
        let head = Localized(
            zh: "\(file)：\(problems.count) 个问题，没有存储任何边界",
            en: "\(file): \(problems.count) problems; no boundary was stored")
        return ([head(language)] + lines.map { "  " + $0 } + more).joined(separator: "\n")
    }
}
