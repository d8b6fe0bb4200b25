import TallyRender
import Testing

@Suite("TextTable")
struct TextTableTests {
    @Test("mixed CJK and ASCII line up by display width")
    func cjk() {
        var table = TextTable(columns: [("Town", .left), ("Births", .right), ("Note", .left)])
        table.addRow(["青石镇", "42", "ok"])
        table.addRow(["Riverside", "1234", ""])
        table.addRow(["东关", "7", "新"])
        let expected = """
            Town       Births  Note
            ---------  ------  ----
            青石镇         42  ok
            Riverside    1234
            东关            7  新

            """
        #expect(table.render() == expected)
        for line in table.render().split(separator: "\n") {
            #expect(line.last != " ")
        }
    }

    @Test("a wide header widens the column")
    func wideHeader() {
        var table = TextTable(columns: [("乡镇", .left), ("出生人数", .right)])
        table.addRow(["A", "5"])
        #expect(table.render() == "乡镇  出生人数\n----  --------\nA            5\n")
    }

    @Test("right-aligned columns end in the same place")
    func rightAlignment() {
        var table = TextTable(columns: [("n", .right), ("name", .left)])
        table.addRow(["1", "a"])
        table.addRow(["100", "b"])
        let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines == ["  n  name", "---  ----", "  1  a", "100  b", ""])
    }

    @Test("missing cells, empty last column and line breaks in cells")
    func edges() {
        var table = TextTable(columns: [("a", .left), ("b", .right)])
        table.addRow(["x"])
        table.addRow(["line\nbreak", ""])
        #expect(table.render() == "a           b\n----------  -\nx\nline break\n")
        #expect(table.rowCount == 2)
    }

    @Test("no columns renders nothing; header only")
    func empty() {
        #expect(TextTable(columns: []).render() == "")
        #expect(TextTable(columns: [("Only", .left)]).render() == "Only\n----\n")
    }
}

@Suite("CSVWriter")
struct CSVWriterTests {
    @Test(
        "escaping",
        arguments: [
            ("plain", "plain"),
            ("", ""),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\r", "\"cr\r\""),
            ("青石镇", "青石镇"),
            (" spaced ", " spaced "),
        ])
    func escape(field: String, escaped: String) {
        #expect(CSVWriter.escape(field) == escaped)
    }

    @Test("lines")
    func lines() {
        #expect(CSVWriter.line(["a", "b,c", "", "\"q\""]) == "a,\"b,c\",,\"\"\"q\"\"\"\n")
        #expect(CSVWriter.line([""]) == "\"\"\n")
        #expect(CSVWriter.line(["", ""]) == ",\n")
        #expect(CSVWriter.line([]) == "\n")
    }
}
