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
}
