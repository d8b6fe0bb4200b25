public import TallyCore
internal import TallyText
internal import Yams

/// The sections of issue 17: the office's time zone, capture–recapture and the data-quality review.
extension MetadataReader {
    /// `time_zone: Asia/Shanghai`: a name of the system's time-zone database; without it, the machine's zone.
    func parseTimeZone(_ top: [(String, Node)]) throws(MetadataError) -> OfficeTimeZone {
        guard let node = value(top, "time_zone") else { return OfficeTimeZone.machine }
        let text = try string(node, "time_zone").trimmed
        guard let zone = OfficeTimeZone.system(named: text) else {
            throw MetadataError(
                .badValue, file: file, keyPath: "time_zone", line: line(node),
                detail: Localized(
                    zh: "“\(text)”不是时区；应为如 Asia/Shanghai、Asia/Urumqi 或 UTC 的名称",
                    en: "'\(text)' is not a time zone; expected a name such as Asia/Shanghai, Asia/Urumqi or UTC"))
        }
        return zone
    }

    /// `capture_recapture: {first: births, second: births_hospital, matched: births_matched, threshold: 90%}`.
    func parseCaptureRecapture(
        _ top: [(String, Node)], metadata: Metadata
    ) throws(MetadataError) -> CaptureRecaptureDefinition? {
        guard let section = value(top, "capture_recapture") else { return nil }
        let path = "capture_recapture"
        let fields = try mapping(section, path)
        try checkKeys(fields, path, allowed: ["name", "first", "second", "matched", "threshold"])
        func count(_ key: String) throws(MetadataError) -> ElementReference {
            guard let node = value(fields, key) else { throw missing(key, path, section) }
            let reference = try reference(node, "\(path).\(key)", metadata)
            guard let element = metadata.element(reference.element), element.aggregation == .sum else {
                throw MetadataError(
                    .badValue, file: file, keyPath: "\(path).\(key)", line: line(node),
                    detail: Localized(
                        zh: "“\(reference)”不是计数；应为按期相加的数据项（aggregation: sum）",
                        en:
                            "'\(reference)' is not a count; expected an element added up over periods (aggregation: sum)"
                    ))
            }
            return reference
        }
        var definition = CaptureRecaptureDefinition(
            name: try localized(value(fields, "name"), "\(path).name"), first: try count("first"),
            second: try count("second"), matched: try count("matched"))
        if let node = value(fields, "threshold") { definition.threshold = try share(node, "\(path).threshold") }
        return definition
    }

    /// `review:` — the elements reviewed, their consistency options, related indicators, survey values and two
    /// population sources (docs/metadata.md).
    func parseReview(_ top: [(String, Node)], metadata: Metadata) throws(MetadataError) -> ReviewSettings {
        var settings = ReviewSettings()
        guard let section = value(top, "review") else { return settings }
        let fields = try mapping(section, "review")
        try checkKeys(fields, "review", allowed: ["elements", "consistency", "relations", "external", "population"])
        if let list = value(fields, "elements") {
            settings.elements = try elementList(list, "review.elements", metadata: metadata)
        }
        if let node = value(fields, "consistency") {
            for (code, option) in try mapping(node, "review.consistency") {
                let path = "review.consistency.\(code)"
                try knownElement(code, path, option, metadata: metadata)
                let of = try mapping(option, path)
                try checkKeys(of, path, allowed: ["trend", "compare"])
                settings.consistency[code] = ReviewSettings.Consistency(
                    trend: try enumValue(value(of, "trend"), "\(path).trend", ReviewSettings.Consistency.Trend.self)
                        ?? .constant,
                    compare: try enumValue(
                        value(of, "compare"), "\(path).compare", ReviewSettings.Consistency.Comparison.self)
                        ?? .boundary)
            }
        }
        if let node = value(fields, "relations") {
            for (code, relation) in try mapping(node, "review.relations") {
                let path = "review.relations.\(code)"
                try checkCode(code, path: path, node: relation)
                let rf = try mapping(relation, path)
                try checkKeys(rf, path, allowed: ["name", "a", "b", "type", "band"])
                guard let a = value(rf, "a") else { throw missing("a", path, relation) }
                guard let b = value(rf, "b") else { throw missing("b", path, relation) }
                guard let typeNode = value(rf, "type") else { throw missing("type", path, relation) }
                guard let kind = try enumValue(typeNode, "\(path).type", ReviewSettings.Relation.Kind.self) else {
                    throw missing("type", path, relation)
                }
                let band = try value(rf, "band").map { (n: Node) throws(MetadataError) in
                    try share(n, "\(path).band", allowZero: true)
                }
                settings.relations.append(
                    ReviewSettings.Relation(
                        code: code, name: try localized(value(rf, "name"), "\(path).name") ?? LocalizedText(code),
                        a: try reference(a, "\(path).a", metadata), b: try reference(b, "\(path).b", metadata),
                        kind: kind, band: band ?? (kind == .dropout ? nil : 0.10)))
            }
        }
        if let node = value(fields, "external") {
            for (code, comparison) in try mapping(node, "review.external") {
                let path = "review.external.\(code)"
                try checkCode(code, path: path, node: comparison)
                let ef = try mapping(comparison, path)
                try checkKeys(ef, path, allowed: ["name", "indicator", "band", "survey"])
                guard let indicatorNode = value(ef, "indicator") else { throw missing("indicator", path, comparison) }
                let indicator = try string(indicatorNode, "\(path).indicator")
                guard metadata.indicator(indicator) != nil else {
                    throw MetadataError(
                        .unknownReference, file: file, keyPath: "\(path).indicator", line: line(indicatorNode),
                        detail: Localized(
                            zh: "“\(indicator)”不是指标；应为“indicators”下的代码之一",
                            en: "'\(indicator)' is not an indicator; expected one of the codes under 'indicators'"))
                }
                var survey: [String: Double] = [:]
                if let s = value(ef, "survey") {
                    for (unit, valueNode) in try mapping(s, "\(path).survey") {
                        let itemPath = "\(path).survey.\(unit)"
                        guard let v = try number(valueNode, itemPath), v > 0 else {
                            throw MetadataError(
                                .badValue, file: file, keyPath: itemPath, line: line(valueNode),
                                detail: Localized(
                                    zh: "调查值是调查测得的覆盖率，必须大于0",
                                    en: "a survey value is the coverage the survey measured and must be above 0"))
                        }
                        survey[unit] = v
                    }
                }
                settings.external.append(
                    ReviewSettings.External(
                        code: code, name: try localized(value(ef, "name"), "\(path).name") ?? LocalizedText(code),
                        indicator: indicator,
                        band: try value(ef, "band").map { (n: Node) throws(MetadataError) in
                            try share(n, "\(path).band")
                        } ?? 0.33, survey: survey))
            }
        }
        if let node = value(fields, "population") {
            let path = "review.population"
            let pf = try mapping(node, path)
            try checkKeys(pf, path, allowed: ["a", "b", "band"])
            guard let a = value(pf, "a") else { throw missing("a", path, node) }
            guard let b = value(pf, "b") else { throw missing("b", path, node) }
            settings.population = ReviewSettings.PopulationSources(
                a: try reference(a, "\(path).a", metadata), b: try reference(b, "\(path).b", metadata),
                band: try value(pf, "band").map { (n: Node) throws(MetadataError) in try share(n, "\(path).band") }
                    ?? 0.10)
        }
        return settings
    }

    /// `quality.coverage_thresholds: [85%, 90%]`: the shares `tally check --summary` marks reporting rates against,
    /// increasing.
    func parseCoverageThresholds(_ node: Node) throws(MetadataError) -> [Double] {
        var result: [Double] = []
        for (i, item) in try sequence(node, "quality.coverage_thresholds").enumerated() {
            let path = "quality.coverage_thresholds[\(i)]"
            let threshold = try share(item, path)
            if let last = result.last, threshold <= last {
                throw MetadataError(
                    .badValue, file: file, keyPath: path, line: line(item),
                    detail: Localized(zh: "阈值须递增，如 [85%, 90%]", en: "thresholds must increase, such as [85%, 90%]"))
            }
            result.append(threshold)
        }
        return result
    }

    /// A share written `90%`, `0.9` or `90`: above 0 (or 0 itself when `allowZero`) and at most 100%.
    func share(_ node: Node, _ path: String, allowZero: Bool = false) throws(MetadataError) -> Double {
        let text = try string(node, path).trimmed
        let isPercent = text.hasSuffix("%")
        guard let raw = Double(isPercent ? String(text.dropLast()) : text), raw.isFinite,
            raw > 0 || (allowZero && raw == 0)
        else {
            throw MetadataError(
                .badValue, file: file, keyPath: path, line: line(node),
                detail: Localized(
                    zh: "“\(text)”不是比例；应为如 90% 或 0.9", en: "'\(text)' is not a share; expected e.g. 90% or 0.9"))
        }
        let share = isPercent || raw > 1 ? raw / 100 : raw
        guard share <= 1 else {
            throw MetadataError(
                .badValue, file: file, keyPath: path, line: line(node),
                detail: Localized(zh: "“\(text)”超过100%", en: "'\(text)' is above 100%"))
        }
        return share
    }
}

extension MetadataReader {
    /// Refuses `code` at `path` unless `metadata` has the element.
    func knownElement(_ code: String, _ path: String, _ node: Node, metadata: Metadata) throws(MetadataError) {
        guard metadata.element(code) == nil else { return }
        throw MetadataError(
            .unknownReference, file: file, keyPath: path, line: line(node),
            detail: Localized(
                zh: "“\(code)”不是数据项；应为“elements”下的代码之一",
                en: "'\(code)' is not a data element; expected one of the codes under 'elements'"))
    }

    /// The element codes listed at `path` (a dataset's `elements`, `review.elements`): each one the metadata has,
    /// none twice.
    func elementList(_ list: Node, _ path: String, metadata: Metadata) throws(MetadataError) -> [String] {
        var codes: [String] = []
        for (i, item) in try sequence(list, path).enumerated() {
            let itemPath = "\(path)[\(i)]"
            let code = try string(item, itemPath)
            try knownElement(code, itemPath, item, metadata: metadata)
            if codes.contains(code) {
                throw MetadataError(
                    .duplicateCode, file: file, keyPath: itemPath, line: line(item),
                    detail: Localized(zh: "数据项“\(code)”列了两次", en: "the element '\(code)' is listed twice"))
            }
            codes.append(code)
        }
        return codes
    }
}
