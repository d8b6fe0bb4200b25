internal import TallyText

/// Reads org-unit boundaries from GeoJSON (RFC 7946) or from DHIS2 metadata.
///
/// Accepted documents:
/// - a GeoJSON `FeatureCollection`, or a single `Feature`, whose features name their unit by a property (``codeKey``,
///   `code` by default; with `id`, a feature's own `id` member serves when its properties have none) and whose
///   geometry is a `Polygon` or `MultiPolygon`;
/// - DHIS2 metadata (`{"organisationUnits": [{"id", "code", "name", "geometry": {…}}]}`, DHIS2 2.32 and later): the
///   unit's member ``codeKey`` names it and its `geometry` member is a GeoJSON geometry.
///
/// Every position is checked (two or three finite numbers, longitude −180…180, latitude −90…90) and snapped to
/// millionths of a degree; consecutive repeated positions are merged. Every ring must be closed, keep three
/// different positions and enclose an area. Codes and names are canonicalised by TallyText's `Canonical`. Two
/// features with one code are refused. A geometry that is not an area is refused (`geo.wrongType`) — except in DHIS2
/// metadata, where a unit with a `Point` (a facility's location), no geometry, or only the text `coordinates` of
/// DHIS2 before 2.32 is counted in ``GeoReadResult/skipped`` with its reason; a GeoJSON feature whose geometry is
/// `null` is counted there too. Rings are not checked for self-intersection, holes not for lying inside their
/// exterior.
public struct GeoJSONReader: Sendable {
    /// The property (GeoJSON) or member (DHIS2) that holds the unit's code.
    public var codeKey: String
    /// The property or member that holds the unit's name, if any.
    public var nameKey: String?
    /// What a file may hold.
    public var limits: GeoLimits

    /// A reader.
    ///
    /// - Parameters:
    ///   - codeKey: The property naming the unit: `code` by default; DHIS2 files may use `id` (mapped to codes by
    ///     the caller's identifier mapping).
    ///   - nameKey: The property holding a name, read for messages; `nil` to ignore names.
    ///   - limits: What a file may hold.
    public init(codeKey: String = "code", nameKey: String? = "name", limits: GeoLimits = GeoLimits()) {
        self.codeKey = codeKey
        self.nameKey = nameKey
        self.limits = limits
    }

    /// Reads a boundary file.
    public func read(_ bytes: [UInt8]) throws(GeoError) -> GeoReadResult {
        let document = try GeoJSONParser.parse(bytes, limits: limits)
        guard case .object = document else {
            throw GeoLocation(path: "").error(
                .notBoundaries,
                english: "the document is \(document.kind.english); expected a GeoJSON FeatureCollection or Feature, "
                    + "or DHIS2 metadata with organisationUnits",
                chinese: "文档是\(document.kind.chinese)；应为 GeoJSON 的 FeatureCollection 或 Feature，"
                    + "或含 organisationUnits 的 DHIS2 元数据")
        }
        if let type = document["type"] {
            return try readGeoJSON(document, type: type)
        }
        if let units = document["organisationUnits"] {
            return try readDHIS2(units)
        }
        throw GeoLocation(path: "").error(
            .notBoundaries,
            english: "the document has neither \"type\" (GeoJSON) nor \"organisationUnits\" (DHIS2 metadata)",
            chinese: "文档既没有“type”（GeoJSON），也没有“organisationUnits”（DHIS2 元数据）")
    }

    /// Reads a boundary file given as text.
    public func read(_ text: String) throws(GeoError) -> GeoReadResult {
        try read(Array(text.utf8))
    }

    /// Reads one bare GeoJSON geometry (`Polygon` or `MultiPolygon`), such as the `geometry` of one DHIS2 unit.
    public func readGeometry(_ bytes: [UInt8]) throws(GeoError) -> GeoShape {
        let document = try GeoJSONParser.parse(bytes, limits: limits)
        guard let shape = try area(of: document, at: GeoLocation(path: ""), skipping: false) else {
            throw GeoLocation(path: "").error(
                .wrongType, english: "the geometry is empty; expected a Polygon or MultiPolygon",
                chinese: "几何为空；应为 Polygon 或 MultiPolygon")
        }
        return shape
    }

    // MARK: GeoJSON

    private func readGeoJSON(_ document: GeoJSONValue, type: GeoJSONValue) throws(GeoError) -> GeoReadResult {
        let top = GeoLocation(path: "type")
        guard case .string(let name) = type else {
            throw top.error(
                .wrongType, english: "\"type\" is \(type.kind.english); expected \"FeatureCollection\" or \"Feature\"",
                chinese: "“type”是\(type.kind.chinese)；应为“FeatureCollection”或“Feature”")
        }
        var result = GeoReadResult(format: .geoJSON)
        var seen: [String: Int] = [:]
        switch name {
        case "FeatureCollection":
            guard let list = document["features"] else {
                throw GeoLocation(path: "").error(
                    .wrongType, english: "the FeatureCollection has no \"features\" array",
                    chinese: "FeatureCollection 没有“features”数组")
            }
            guard case .array(let features) = list else {
                throw GeoLocation(path: "features").error(
                    .wrongType, english: "\"features\" is \(list.kind.english); expected an array of Features",
                    chinese: "“features”是\(list.kind.chinese)；应为 Feature 数组")
            }
            guard !features.isEmpty else { throw emptyError }
            for (index, feature) in features.enumerated() {
                try readFeature(feature, index: index, path: "features[\(index)]", into: &result, seen: &seen)
            }
        case "Feature":
            try readFeature(document, index: 0, path: "", into: &result, seen: &seen)
        case "Polygon", "MultiPolygon":
            throw GeoLocation(path: "").error(
                .wrongType,
                english: "the document is a bare \(name), which names no unit; wrap it in a Feature whose properties "
                    + "give \"\(codeKey)\"",
                chinese: "文档是单独的 \(name)，没有指明单位；请把它放进 Feature，并在 properties 中给出“\(codeKey)”")
        default:
            throw top.error(
                .notBoundaries,
                english: "the GeoJSON type is \"\(name)\"; expected \"FeatureCollection\" or \"Feature\" with Polygon "
                    + "or MultiPolygon geometries",
                chinese: "GeoJSON 类型是“\(name)”；应为“FeatureCollection”或“Feature”，几何为 Polygon 或 MultiPolygon")
        }
        return result
    }

    private var emptyError: GeoError {
        GeoLocation(path: "").error(
            .empty, english: "the file holds no feature and no organisation unit",
            chinese: "文件中没有任何要素或组织机构")
    }

    private func readFeature(
        _ feature: GeoJSONValue, index: Int, path: String, into result: inout GeoReadResult,
        seen: inout [String: Int]
    ) throws(GeoError) {
        var here = GeoLocation(feature: index, path: path)
        guard case .object = feature else {
            throw here.error(
                .wrongType, english: "the feature is \(feature.kind.english); expected a Feature object",
                chinese: "要素是\(feature.kind.chinese)；应为 Feature 对象")
        }
        guard case .string("Feature")? = feature["type"] else {
            throw here.error(
                .wrongType, english: "its \"type\" is not \"Feature\"", chinese: "其“type”不是“Feature”")
        }
        let properties = feature["properties"]
        if let properties {
            switch properties {
            case .object, .null: break
            default:
                throw here.error(
                    .wrongType, english: "\"properties\" is \(properties.kind.english); expected an object",
                    chinese: "“properties”是\(properties.kind.chinese)；应为对象")
            }
        }
        let prefix = path.isEmpty ? "" : path + "."
        var codeValue = properties?[codeKey]
        var codePath = prefix + "properties." + codeKey
        if codeKey == "id", codeValue.map(isNull) ?? true {
            codeValue = feature["id"]
            codePath = prefix + "id"
        }
        guard let codeValue, let code = try text(codeValue, at: GeoLocation(feature: index, path: codePath)) else {
            let keys: [String]
            if case .object(let members)? = properties { keys = members.map(\.key) } else { keys = [] }
            let listed = keys.prefix(8).joined(separator: ", ")
            let more = keys.count > 8 ? ", …" : ""
            let english = keys.isEmpty ? "it has no properties" : "its properties are \(listed)\(more)"
            let chinese = keys.isEmpty ? "它没有 properties" : "它的 properties 有 \(listed)\(more)"
            throw here.error(
                .missingCode,
                english: "no property \"\(codeKey)\" names its unit (\(english)); choose the property that holds "
                    + "the org-unit code",
                chinese: "没有指明单位的属性“\(codeKey)”（\(chinese)）；请选择保存组织机构代码的属性")
        }
        here.code = code
        let name = try nameKey.flatMap { key throws(GeoError) in
            try properties?[key].flatMap { value throws(GeoError) in
                try text(
                    value, at: GeoLocation(feature: index, code: code, path: prefix + "properties." + key), as: .name)
            }
        }
        guard let geometry = feature["geometry"], !isNull(geometry) else {
            result.skipped.append(GeoSkippedUnit(index: index, code: code, reason: .noGeometry))
            return
        }
        here.path = prefix + "geometry"
        guard let shape = try area(of: geometry, at: here, skipping: false) else { return }
        try add(GeoFeature(code: code, name: name, shape: shape), at: here, into: &result, seen: &seen)
    }

    private func add(
        _ feature: GeoFeature, at here: GeoLocation, into result: inout GeoReadResult, seen: inout [String: Int]
    ) throws(GeoError) {
        if let first = seen[feature.code] {
            throw here.error(
                .duplicateCode,
                english: "the code \(feature.code) was already given to entry \(first + 1); give each unit one "
                    + "entry (a MultiPolygon for an area in several parts)",
                chinese: "代码 \(feature.code) 已用于第 \(first + 1) 项；每个单位只给一项（分成几块的请用 MultiPolygon）")
        }
        seen[feature.code] = here.feature
        result.features.append(feature)
    }

    // MARK: DHIS2 metadata

    private func readDHIS2(_ units: GeoJSONValue) throws(GeoError) -> GeoReadResult {
        guard case .array(let list) = units else {
            throw GeoLocation(path: "organisationUnits").error(
                .wrongType, english: "\"organisationUnits\" is \(units.kind.english); expected an array",
                chinese: "“organisationUnits”是\(units.kind.chinese)；应为数组")
        }
        guard !list.isEmpty else { throw emptyError }
        var result = GeoReadResult(format: .dhis2)
        var seen: [String: Int] = [:]
        for (index, unit) in list.enumerated() {
            let path = "organisationUnits[\(index)]"
            var here = GeoLocation(feature: index, path: path, isOrganisationUnit: true)
            guard case .object = unit else {
                throw here.error(
                    .wrongType, english: "the unit is \(unit.kind.english); expected an object",
                    chinese: "组织机构是\(unit.kind.chinese)；应为对象")
            }
            let keyPlace = GeoLocation(feature: index, path: path + "." + codeKey, isOrganisationUnit: true)
            let code = try unit[codeKey].flatMap { value throws(GeoError) in try text(value, at: keyPlace) }
            here.code = code
            let geometry = unit["geometry"].flatMap { isNull($0) ? nil : $0 }
            guard let geometry else {
                let legacy = unit["coordinates"].map { !isNull($0) } ?? false
                result.skipped.append(
                    GeoSkippedUnit(index: index, code: code, reason: legacy ? .legacyCoordinates : .noGeometry))
                continue
            }
            guard let code else {
                throw here.error(
                    .missingCode,
                    english: "the unit has a geometry but no \"\(codeKey)\"; read the file by \"id\", or give every "
                        + "unit a code",
                    chinese: "该组织机构有几何但没有“\(codeKey)”；请按“id”读取，或为每个组织机构设置代码")
            }
            here.path = path + ".geometry"
            let name = try nameKey.flatMap { key throws(GeoError) in
                try unit[key].flatMap { value throws(GeoError) in
                    try text(
                        value,
                        at: GeoLocation(feature: index, code: code, path: path + "." + key, isOrganisationUnit: true),
                        as: .name)
                }
            }
            guard let shape = try area(of: geometry, at: here, skipping: true) else {
                result.skipped.append(GeoSkippedUnit(index: index, code: code, reason: .point))
                continue
            }
            try add(GeoFeature(code: code, name: name, shape: shape), at: here, into: &result, seen: &seen)
        }
        return result
    }

    // MARK: Values

    private func isNull(_ value: GeoJSONValue) -> Bool {
        if case .null = value { return true }
        return false
    }

    /// A code or name: a string, canonicalised, or a whole number as written; `nil` for null or an empty string.
    private func text(
        _ value: GeoJSONValue, at here: GeoLocation, as kind: Canonical.Kind = .code
    ) throws(GeoError) -> String? {
        let raw: String
        switch value {
        case .null:
            return nil
        case .string(let string):
            raw = string
        case .number(_, let literal) where literal.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }):
            raw = literal
        default:
            throw here.error(
                .badCode, english: "it is \(value.kind.english); expected text or a whole number",
                chinese: "它是\(value.kind.chinese)；应为文本或整数")
        }
        do {
            let canonical = try Canonical.canonical(raw, as: kind)
            return canonical.isEmpty ? nil : canonical
        } catch {
            throw here.error(.badCode, english: error.englishMessage(), chinese: error.chineseMessage())
        }
    }

    /// The area of a geometry object; `nil` for a Point when `skipping` (DHIS2 facilities).
    private func area(of geometry: GeoJSONValue, at here: GeoLocation, skipping: Bool) throws(GeoError) -> GeoShape? {
        guard case .object = geometry, case .string(let type)? = geometry["type"] else {
            throw here.error(
                .wrongType,
                english: "the geometry is \(geometry.kind.english) without a \"type\"; expected a "
                    + "Polygon or MultiPolygon object",
                chinese: "几何是没有“type”的\(geometry.kind.chinese)；应为 Polygon 或 MultiPolygon 对象")
        }
        switch type {
        case "Polygon", "MultiPolygon":
            break
        case "Point" where skipping, "MultiPoint" where skipping:
            return nil
        default:
            throw here.error(
                .wrongType,
                english: "the geometry is a \(type); a boundary must be a Polygon or MultiPolygon",
                chinese: "几何是 \(type)；边界必须是 Polygon 或 MultiPolygon")
        }
        var place = here
        place.path += here.path.isEmpty ? "coordinates" : ".coordinates"
        guard case .coordinates(let nest)? = geometry["coordinates"] else {
            throw place.error(
                .wrongType, english: "the \(type) has no coordinates array", chinese: "\(type) 没有 coordinates 数组")
        }
        let polygons: [CoordinateNest]
        if type == "Polygon" {
            polygons = [nest]
        } else {
            guard case .list(let list) = nest else {
                throw place.error(
                    .wrongNesting,
                    english: "MultiPolygon coordinates are an array of polygons, each an array of rings of positions; "
                        + "these are nested less deeply — is the type Polygon?",
                    chinese: "MultiPolygon 的坐标是面的数组，每个面是点环的数组；此处嵌套层数不够——类型是否应为 Polygon？")
            }
            polygons = list
        }
        var shape = GeoShape(polygons: [])
        for (p, polygon) in polygons.enumerated() {
            var polygonPlace = place
            if type == "MultiPolygon" { polygonPlace.path += "[\(p)]" }
            shape.polygons.append(try self.polygon(polygon, at: polygonPlace, type: type))
        }
        guard !shape.polygons.isEmpty else {
            throw place.error(
                .tooFewPoints, english: "the MultiPolygon has no polygon", chinese: "MultiPolygon 中没有面")
        }
        return shape
    }

    private func polygon(_ nest: CoordinateNest, at here: GeoLocation, type: String) throws(GeoError) -> GeoPolygon {
        let rings: [CoordinateNest]
        switch nest {
        case .list(let list):
            rings = list
        case .positions:
            throw here.error(
                .wrongNesting,
                english: "a polygon is an array of rings, each an array of positions; this is one array of "
                    + "positions — put it in another pair of brackets",
                chinese: "面是环的数组，每个环是点的数组；此处只是一个点的数组——请再加一层方括号")
        case .position:
            throw here.error(
                .wrongNesting, english: "a polygon is an array of rings, not one position",
                chinese: "面是环的数组，不是单个点")
        }
        guard !rings.isEmpty else {
            throw here.error(.tooFewPoints, english: "the polygon has no ring", chinese: "面中没有环")
        }
        var result = GeoPolygon(rings: [])
        for (r, ring) in rings.enumerated() {
            var ringPlace = here
            ringPlace.path += "[\(r)]"
            guard case .positions(let points) = ring else {
                if case .list(let inner) = ring, inner.isEmpty {
                    throw ringPlace.error(.tooFewPoints, english: "the ring is empty", chinese: "环是空的")
                }
                let hint =
                    type == "Polygon"
                    ? (" — is the type MultiPolygon?", "——类型是否应为 MultiPolygon？") : ("", "")
                throw ringPlace.error(
                    .wrongNesting,
                    english: "a ring is an array of positions; this is nested more deeply\(hint.0)",
                    chinese: "环是点的数组；此处嵌套层数过多\(hint.1)")
            }
            result.rings.append(try GeoJSONReader.ring(points, at: ringPlace))
        }
        return result
    }

    /// A checked ring: closed, repeated positions merged, three different positions, an area.
    static func ring(_ points: [GeoPoint], at here: GeoLocation) throws(GeoError) -> [GeoPoint] {
        guard let first = points.first, let last = points.last, points.count > 1 else {
            throw here.error(
                .tooFewPoints, english: "the ring has \(points.count) position; a ring needs at least 4",
                chinese: "环只有 \(points.count) 个点；环至少需要 4 个点")
        }
        guard first == last else {
            throw here.error(
                .unclosedRing,
                english: "the ring is not closed: it starts at [\(first.x), \(first.y)] and ends at "
                    + "[\(last.x), \(last.y)]; repeat the first position at the end",
                chinese: "环没有闭合：起点 [\(first.x), \(first.y)]，终点 [\(last.x), \(last.y)]；请在末尾重复起点")
        }
        var ring: [GeoPoint] = []
        ring.reserveCapacity(points.count)
        for point in points where ring.last != point { ring.append(point) }
        guard ring.count >= 4, Set(ring).count >= 3 else {
            throw here.error(
                .tooFewPoints,
                english: "the ring has \(Set(ring).count) different position\(Set(ring).count == 1 ? "" : "s"); a "
                    + "ring needs at least 3 different positions and the first repeated at the end",
                chinese: "环只有 \(Set(ring).count) 个不同的点；环至少需要 3 个不同的点，并在末尾重复起点")
        }
        guard GeoShape.signedArea(ring) != 0 else {
            throw here.error(
                .noArea, english: "the ring encloses no area (its positions lie on one line)",
                chinese: "环不围成任何面积（所有点在一条直线上）")
        }
        return ring
    }
}

/// What a boundary file held: the features read, and the units left out with their reasons.
public struct GeoReadResult: Hashable, Sendable {
    /// The kind of document read.
    public enum Format: String, Hashable, Sendable {
        /// A GeoJSON FeatureCollection or Feature.
        case geoJSON
        /// DHIS2 metadata with organisationUnits.
        case dhis2
    }

    /// The kind of document read.
    public var format: Format
    /// The features with an area, in file order.
    public var features: [GeoFeature]
    /// The entries left out on purpose, in file order.
    public var skipped: [GeoSkippedUnit]

    /// A result.
    public init(format: Format, features: [GeoFeature] = [], skipped: [GeoSkippedUnit] = []) {
        self.format = format
        self.features = features
        self.skipped = skipped
    }
}

/// An entry of a boundary file left out on purpose, counted so that nothing is dropped silently.
public struct GeoSkippedUnit: Hashable, Sendable {
    /// Why an entry was left out.
    public enum Reason: String, Hashable, Sendable, CaseIterable {
        /// No geometry, or `null`.
        case noGeometry
        /// A DHIS2 unit whose geometry is a point: a facility's location, not an area.
        case point
        /// A DHIS2 unit with only the text `coordinates` of DHIS2 before 2.32.
        case legacyCoordinates

        /// The reason in English.
        public var english: String {
            switch self {
            case .noGeometry: "no geometry"
            case .point: "a point (a facility's location), not an area"
            case .legacyCoordinates: "coordinates in the text form of DHIS2 before 2.32; export from 2.32 or later"
            }
        }

        /// The reason in Chinese.
        public var chinese: String {
            switch self {
            case .noGeometry: "没有几何"
            case .point: "是点（机构位置），不是区域"
            case .legacyCoordinates: "坐标是 DHIS2 2.32 之前的文本形式；请从 2.32 或更新版本导出"
            }
        }
    }

    /// The entry's index (0-based, in file order).
    public var index: Int
    /// The unit's code, when the entry gives one.
    public var code: String?
    /// Why it was left out.
    public var reason: Reason

    /// A skipped entry.
    public init(index: Int, code: String?, reason: Reason) {
        self.index = index
        self.code = code
        self.reason = reason
    }
}
