internal import TallyCore
internal import TallyText
internal import Yams

/// Who reports a dataset: `level:`, `orgunits:` or both (issue 16).
extension MetadataReader {
    /// A dataset's `level` (1–20) and `orgunits` (codes of org units, each once); without either, level 1. Each
    /// code is read in its canonical form and, when the parser was given the org units, must name one of them.
    func assignment(_ fields: [(String, Node)], _ path: String) throws(MetadataError) -> DataSet.Assignment {
        let level = try integer(value(fields, "level"), "\(path).level", range: 1...20)
        guard let list = value(fields, "orgunits") else { return DataSet.Assignment(level: level ?? 1) }
        let listPath = "\(path).orgunits"
        let items = try sequence(list, listPath)
        if items.isEmpty {
            throw MetadataError(
                .badValue, file: file, keyPath: listPath, line: line(list),
                detail: Localized(
                    zh: "列表是空的；应列出报送这张报表的组织机构代码，或删去“orgunits”只用“level”",
                    en: "the list is empty; list the codes of the org units that send this report, or leave out "
                        + "'orgunits' and use 'level'"))
        }
        var codes: [String] = []
        var seen: Set<String> = []
        for (i, item) in items.enumerated() {
            let itemPath = "\(listPath)[\(i)]"
            let text = try string(item, itemPath)
            let code: String
            do {
                code = try Canonical.canonical(text, as: .code)
            } catch {
                throw MetadataError(
                    .badValue, file: file, keyPath: itemPath, line: line(item), detail: error.messages())
            }
            if code.isEmpty || units.map({ $0.index[code] == nil }) == true {
                throw MetadataError(
                    .unknownReference, file: file, keyPath: itemPath, line: line(item),
                    detail: Localized(
                        zh: "“\(code)”不是组织机构；报表的“orgunits”应为组织机构文件中的代码",
                        en: "'\(code)' is not an org unit; a dataset's 'orgunits' are codes from the org-unit file"))
            }
            guard seen.insert(code).inserted else {
                throw MetadataError(
                    .duplicateCode, file: file, keyPath: itemPath, line: line(item),
                    detail: Localized(zh: "组织机构“\(code)”列了两次", en: "the org unit '\(code)' is listed twice"))
            }
            codes.append(code)
        }
        return DataSet.Assignment(level: level, units: codes)
    }

    /// A dataset's `approval`: the org-unit levels that approve its reports, in order, each a level of the tree
    /// (1–20 without one), above the highest reporting unit and above the level before it; `none` or absent for
    /// none.
    func approvalLevels(
        _ fields: [(String, Node)], _ path: String, assignment: DataSet.Assignment
    ) throws(MetadataError) -> [Int] {
        guard let node = value(fields, "approval") else { return [] }
        let listPath = "\(path).approval"
        if case .scalar(let s) = node, s.string.lowercased() == "none" { return [] }
        let items = try sequence(node, listPath)
        // The highest (smallest) level among the reporting units.
        var reporting = assignment.level ?? Int.max
        if let units {
            for code in assignment.units { if let i = units.index[code] { reporting = min(reporting, units.level[i]) } }
        }
        let deepest = units.map { max($0.depth, 1) } ?? 20
        var levels: [Int] = []
        for (i, item) in items.enumerated() {
            let itemPath = "\(listPath)[\(i)]"
            let level = try integer(item, itemPath, range: 1...20) ?? 0
            func refuse(_ detail: Localized<String>) -> MetadataError {
                MetadataError(.badValue, file: file, keyPath: itemPath, line: line(item), detail: detail)
            }
            if level > deepest {
                throw refuse(
                    Localized(
                        zh: "组织机构树没有第\(level)级（最深为第\(deepest)级）；审核级别应为树中的级别",
                        en:
                            "the org-unit tree has no level \(level) (the deepest is \(deepest)); approval levels are levels of the tree"
                    ))
            }
            if level >= reporting {
                throw refuse(
                    Localized(
                        zh: "第\(level)级不在报送单位（第\(reporting)级）之上；审核级别应比报送单位高，如报送为第4级时写 [3, 2]",
                        en:
                            "level \(level) is not above the reporting units (level \(reporting)); approval levels are higher up, e.g. [3, 2] when level 4 reports"
                    ))
            }
            if let previous = levels.last, level >= previous {
                throw refuse(
                    Localized(
                        zh: "第\(level)级不在前一审核级别（第\(previous)级）之上；按由下到上的顺序列出，如 [3, 2]",
                        en:
                            "level \(level) is not above the approval level before it (\(previous)); list them from the bottom up, e.g. [3, 2]"
                    ))
            }
            levels.append(level)
        }
        return levels
    }
}
