import Foundation
import TallyCore
import TallyIO
import TallyText
import TallyTransfer
import Testing

/// Every refusal of a file says in Chinese what it says in English: the file, the line, the column, what was found
/// and what was expected. The English sentence stays the command line's and the logs'.
@Suite struct ErrorLanguageTests {
    @Test func aRefusedImportNamesThePlaceInBothLanguages() throws {
        let fixture = try ImportFixture()
        let csv = """
            dataelement,period,orgunit,categoryoptioncombo,value
            births,2025-13,360121100201,male,7
            births,202510,360121100201,boys,1
            births,202510,360121999999,female,1.5

            """
        #expect {
            try fixture.run(csv, name: "data.csv")
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            let english = error.message
            let chinese = error.message(.zh)
            #expect(error.message(.en) == english)
            let zhLines = chinese.split(separator: "\n").map(String.init)
            #expect(
                zhLines == [
                    "data.csv，第2行，“period”列：“2025-13”不是有效的月份",
                    "data.csv，第3行，“categoryoptioncombo”列：“boys”不是“births”的分类组合；应为以下之一：male、female",
                    "data.csv，第4行，“orgunit”列：“360121999999”不是单位代码；请先用“tally orgunits import”导入该单位，或改正代码",
                    "data.csv：没有导入任何数据（3个问题）；请改正文件后重新导入",
                ], "\(chinese)")
            let enLines = english.split(separator: "\n").map(String.init)
            #expect(enLines.first == "data.csv, line 2, column 'period': '2025-13' is not a valid month")
            #expect(enLines.last == "data.csv: nothing was imported (3 problems); correct the file and import it again")
            return true
        }
    }

    @Test func aValueThatIsNotANumberIsExplainedInChinese() throws {
        let fixture = try ImportFixture()
        #expect {
            try fixture.run(
                "dataelement,period,orgunit,categoryoptioncombo,value\nbirths,202510,360121100201,male,1,234\n")
        } throws: { error in
            let message = (error as? ImportError)?.message(.zh) ?? ""
            #expect(message.hasPrefix("data.csv，第2行：这一行有6个字段，但表头只列了5列；含逗号的字段必须加引号（带千位分隔符的数字"))
            return message.contains("1234")
        }
        #expect {
            try fixture.run(
                "dataelement,period,orgunit,categoryoptioncombo,value\nbirths,202510,360121100201,male,-3\n")
        } throws: { error in
            (error as? ImportError)?.message(.zh).contains("“-3”是负数，但“births”是计数，不能小于0") == true
        }
    }

    @Test func aMetadataFileIsRefusedAtItsKeyPathInBothLanguages() {
        let yaml = """
            elements:
              births: {name: Births, type: whole}
            """
        #expect {
            try MetadataParser(file: "tally.yaml").parse(yaml)
        } throws: { error in
            guard let error = error as? MetadataError else { return false }
            #expect(error.message.hasPrefix("tally.yaml, line 2, elements.births.type: 'whole' is not allowed"))
            #expect(
                error.message(.zh).hasPrefix("tally.yaml，第2行，elements.births.type：不允许“whole”；应为以下之一："),
                "\(error.message(.zh))")
            return true
        }
    }

    @Test func anOrgUnitFileAndATargetFileAreRefusedInBothLanguages() {
        let units = "code,name,parent\nC,云溪县,\nA,青石镇,X\n"
        #expect {
            try OrgUnitFile.read(bytes: Array(units.utf8), name: "orgunits.csv")
        } throws: { error in
            let error = error as? OrgUnitError
            #expect(
                error?.message.hasPrefix("orgunits.csv, line 3: the parent 'X' of 'A' (青石镇) is not in the list") == true
            )
            return error?.message(.zh).hasPrefix("orgunits.csv，第3行：“A”（青石镇）的上级“X”不在列表中") == true
        }
        #expect {
            try TargetFile.read(bytes: Array("orgunit,target\nC,-5\n".utf8), name: "targets.csv", units: ["C"])
        } throws: { error in
            let error = error as? TargetFileError
            #expect(error?.message == "targets.csv, line 2, column 'target': '-5' is negative; a target is 0 or more")
            return error?.message(.zh) == "targets.csv，第2行，“target”列：“-5”是负数；目标为0或更大"
        }
    }

    @Test func aCSVFileThatIsNotUTF8NamesTheEncodingInChinese() throws {
        // 云溪 in GBK.
        let gbk: [UInt8] = Array("code,name,parent\nC,".utf8) + [0xD4, 0xC6, 0xCF, 0xAA, 0x2C, 0x0A]
        #expect {
            try OrgUnitFile.read(bytes: gbk, name: "orgunits.csv")
        } throws: { error in
            guard let error = error as? any TallyError else { return false }
            let chinese = error.message(.zh)
            #expect(chinese.hasPrefix("orgunits.csv，第2行第2列：文字不是有效的 UTF-8"), "\(chinese)")
            #expect(error.message.hasPrefix("orgunits.csv, line 2, column 2: the text is not valid UTF-8"))
            return chinese.contains("--encoding gbk")
        }
    }
}
