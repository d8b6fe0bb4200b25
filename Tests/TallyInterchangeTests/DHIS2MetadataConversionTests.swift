import Foundation
import TallyCore
import TallyIO
import TallyInterchange
import TallyStore
import TallyText
import Testing

@Suite struct DHIS2MetadataConversionTests {
    /// `own-aggregate-metadata.json`: a maternal-health package written for these tests in the shape of DHIS2's
    /// `/api/metadata` export (README.md in the fixtures folder lists what it holds).
    var aggregate: DHIS2MetadataConversion {
        get throws {
            try DHIS2MetadataConverter.convert(
                path: dhis2Fixtures.appendingPathComponent("own-aggregate-metadata.json").path)
        }
    }

    @Test func aWholePackageConvertsToMetadataThatParses() throws {
        let result = try aggregate
        let metadata = try MetadataParser(file: "converted.yaml").parse(result.yaml)
        // 26 data elements, one of them TEXT (converted as a text element); 14 indicators, one of them a reporting
        // rate; 10 rules, one of them malformed and one a compulsory pair.
        #expect(metadata.elements.count == 26)
        #expect(metadata.elements.count(where: { $0.valueType == .text }) == 1)
        #expect(metadata.elements.count(where: { $0.valueType == .boolean }) == 4)
        #expect(metadata.indicators.count == 13)
        #expect(metadata.datasets.count == 2)
        #expect(metadata.validationRules.count == 8)
        #expect(result.counts["elements"] == 26 && result.counts["categories"] == 3 && result.counts["orgunits"] == 0)
        #expect(metadata.categories.map(\.code) == ["MH_Maternal_age_years", "MH_Place_of_delivery", "MH_Residence"])
        #expect(metadata.category("MH_Maternal_age_years")?.options.map(\.code) == ["MHAGE20", "MHAGE2034", "MHAGE35"])
        // DHIS2 codes that are valid stay; others are derived.
        #expect(metadata.element("MH_LIVE_BIRTHS") != nil)
        #expect(metadata.element("MH_ANC_1ST_VISITS") != nil && metadata.element("MH_LBW_2500G") != nil)
        #expect(metadata.element("MH_DELIVERIES_BY_AGE")?.categories == ["MH_Maternal_age_years"])
        #expect(metadata.element("MH_ANC_NEW")?.categories == ["MH_Maternal_age_years", "MH_Residence"])
        #expect(metadata.element("MH_WOMEN_15_49")?.aggregation == .averageSumOrgUnit)
        #expect(metadata.element("MH_PNC_VISITS")?.aggregation == AggregationType.none)
        let midwives = try #require(metadata.element("MH_MIDWIVES_ON_DUTY"))
        #expect(midwives.valueType == .integer && midwives.allowNegative && midwives.aggregation == .average)
        let hb = try #require(metadata.element("MH_MEAN_HB"))
        #expect(hb.valueType == .number && hb.allowNegative && hb.aggregation == .average)
        #expect(metadata.element("MH_BED_OCCUPANCY")?.valueType == .percentage)
        #expect(metadata.element("MH_BED_OCCUPANCY")?.aggregation == .last)
        // Expressions use codes; the indicator type's factor and unit.
        let facility = try #require(metadata.indicator("MH_FACILITY_DELIVERY_RATE"))
        #expect(facility.numerator.description == "#{MH_DELIVERIES_FACILITY}")
        #expect(facility.denominator.description == "#{MH_LIVE_BIRTHS} + #{MH_STILLBIRTHS}")
        #expect(facility.factor == 100 && facility.unit == "%")
        let mmr = try #require(metadata.indicator("MH_MMR"))
        #expect(mmr.numerator.description == "#{MH_MATERNAL_DEATHS} * 100000" && mmr.factor == 1 && mmr.decimals == 0)
        let anc = try #require(metadata.indicator("MH_ANC_PER_WOMAN"))
        #expect(anc.annualized && anc.decimals == 1 && anc.denominator.description == "#{MH_WOMEN_15_49}")
        // #{uid.coc}: the combo's options, in the order of the element's categories.
        #expect(
            metadata.indicator("MH_TEEN_DELIVERY_SHARE")?.numerator.description == "#{MH_DELIVERIES_BY_AGE.MHAGE20}")
        let rural = try #require(metadata.indicator("MH_RURAL_TEEN_ANC"))
        #expect(rural.numerator.description == "#{MH_ANC_NEW.MHAGE20_MHRUR}")
        #expect(rural.denominator.description == "#{MH_ANC_NEW.MHAGE20_MHURB} + #{MH_ANC_NEW.MHAGE20_MHRUR}")
        #expect(metadata.indicator("MH_CS_RATE") != nil && metadata.indicator("MH_REP_COMP") == nil)
        // #{uid.cocDefault1} of an element without categories: DHIS2's default combo.
        // Elements and indicators share one set of codes: the indicator of the same DHIS2 code gets a suffix.
        #expect(metadata.indicator("MH_REFERRALS_OUT_2")?.numerator.description == "#{MH_REFERRALS_OUT}")
        for row in [
            "combo,cocDefault1,default", "combo,cocU20Rurl1,MHAGE20_MHRUR", "combo,cocAgeU2001,MHAGE20",
            "element,deDelivAge1,MH_DELIVERIES_BY_AGE", "element,MH_ANC-1ST_VISITS,MH_ANC_1ST_VISITS",
            "option,opAge35plus,MHAGE35", "option,MH_AGE35+,MHAGE35", "category,ctMatAge001,MH_Maternal_age_years",
            "dataset,dsMonthly01,MH_MONTHLY", "dataset,dsYearly001,MH_Maternal_health_annual",
        ] {
            #expect(result.mappingCSV.contains("\n\(row)\n"), "\(row)")
        }
        let monthly = try #require(metadata.datasets.first { $0.code == "MH_MONTHLY" })
        #expect(monthly.periodType == .monthly && monthly.dueDays == 15 && monthly.elements.count == 24)
        let yearly = try #require(metadata.datasets.first { $0.code == "MH_Maternal_health_annual" })
        #expect(yearly.periodType == .yearly && yearly.dueDays == 30)
        #expect(
            yearly.elements == ["MH_WOMEN_15_49", "MH_AMBULANCE_AVAILABLE", "MH_MIDWIVES_ON_DUTY", "MH_BED_OCCUPANCY"])
        let rule = try #require(metadata.validationRules.first { $0.name.text(.en).hasPrefix("MH Maternal deaths") })
        #expect(rule.op == .lessOrEqual && rule.missing == .neverSkip && rule.periodType == .monthly)
        let postnatal = try #require(metadata.validationRules.first { $0.name.text(.en).hasPrefix("MH Postnatal") })
        #expect(postnatal.op == .greaterOrEqual && postnatal.missing == .neverSkip && postnatal.level == 4)
    }

    @Test func whatCannotBeTranslatedIsListed() throws {
        let result = try aggregate
        // DHIS2's BOOLEAN elements are converted as booleans, and its NONE is Tally's `none`, without a note.
        #expect(result.yaml.contains("aggregation: none"))
        #expect(
            result.notes.map(\.description) == [
                "approximated: categoryCombos ccDefault01: used by 18 data elements but not in the file; taken as DHIS2's default (no categories)",
                "skipped: indicators inRepComp01 'MH Monthly report completeness': its numerator uses reporting rate R{dsMonthly01.REPORTING_RATE}",
                "approximated: dataSets dsMonthly01 'MH Maternal health monthly': 2 of its org units are not in the file and are left out: ouNorthDst1, ouLakeDst01",
                "approximated: dataSets dsMonthly01 'MH Maternal health monthly': none of its org units is in the file; Tally expects reports from level 1, the top unit",
                "approximated: dataSets dsYearly001 'MH Maternal health annual': 1 of its org units are not in the file and are left out: ouNorthDst1",
                "approximated: dataSets dsYearly001 'MH Maternal health annual': none of its org units is in the file; Tally expects reports from level 1, the top unit",
                "skipped: validationRules vrAgeSum001 'MH Deliveries by age = Sum of age groups': its right side uses '#deDelivAge1.c', which is not a reference (DHIS2 writes #{uid})",
                "approximated: validationRules vrPncDeliv1 'MH Postnatal visits >= Facility deliveries': its sides skip on missing values differently (NEVER_SKIP, SKIP_IF_ALL_VALUES_MISSING); Tally uses the left side's for both",
                "skipped: validationRules vrPairLive1 'MH Live births and stillbirths reported together': the operator compulsory_pair is not a comparison Tally has",
                "skipped: validationRuleGroups: 1 object of a kind Tally has no equivalent for",
                "skipped: indicatorGroups: 1 object of a kind Tally has no equivalent for",
                "skipped: dataElementGroups: 2 objects of a kind Tally has no equivalent for",
                "skipped: legendSets: 2 objects of a kind Tally has no equivalent for",
            ])
    }

    @Test func aDataValueSetFromTheSameSourceImportsWithTheWrittenMapping() throws {
        let result = try aggregate
        // The set's org unit is not in the metadata file (DHIS2 exports units separately): the test adds it.
        let units = [
            OrgUnit(code: "Northland", name: "Northland", parentCode: nil),
            OrgUnit(code: "Lakeside", name: "Lakeside", parentCode: "Northland"),
        ]
        let h = try Harness(yaml: result.yaml, units: units)
        let mapping = try IdentifierMapping(
            file: "ids.csv", rows: try Self.rows(result.mappingCSV) + [(.orgUnit, "ouLakeDst01", "Lakeside")])
        let summary = try h.run(
            path: dhis2Fixtures.appendingPathComponent("own-aggregate-dataValues.json").path, format: .dhis2JSON,
            mapping: mapping)
        #expect(summary.new == 2)
        #expect(
            try h.values().map { "\($0.element).\($0.combo)@\($0.orgUnit)/\($0.period)=\($0.value)" } == [
                "MH_DELIVERIES_BY_AGE.MHAGE20@Lakeside/202403=37.0",
                "MH_DELIVERIES_BY_AGE.MHAGE2034@Lakeside/202403=212.0",
            ])
        // And back to DHIS2's identifiers.
        let exported = try h.export(.dhis2JSON, mapping: mapping)
        #expect(
            exported.contains("\"categoryOptionCombo\": \"cocAgeU2001\"")
                && exported.contains("\"categoryOptionCombo\": \"cocAge20341\"")
                && exported.contains("\"dataElement\": \"deDelivAge1\"")
                && exported.contains("\"orgUnit\": \"ouLakeDst01\""))
    }

    static func rows(_ csv: String) throws -> [(IdentifierMapping.Kind, String, String)] {
        csv.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (IdentifierMapping.Kind(rawValue: f[0])!, f[1], f[2])
        }
    }

    @Test func orgUnitsWithAndWithoutIdentifiers() throws {
        // Three units without an id (one with a code) before their parent, which has only an id.
        let result = try DHIS2MetadataConverter.convert(
            path: dhis2Fixtures.appendingPathComponent("own-orgunits-levels.json").path)
        #expect(
            result.orgUnitsCSV
                == "code,name,parent\nHill_Clinic,Hill Clinic,rvDistrict1\nLake_Clinic,Lake Clinic,rvDistrict1\nFORD_HP,Ford Health Post,rvDistrict1\nrvDistrict1,River District,\n"
        )
        // Every unit's code is its DHIS2 identifier or derived from its name: nothing to map.
        #expect(result.mappingCSV == "kind,dhis2,tally\n")
        let (units, tree) = try OrgUnitFile.read(bytes: Array(result.orgUnitsCSV.utf8), name: "orgunits.csv")
        let (district, post) = (try tree.unit("rvDistrict1"), try tree.unit("FORD_HP"))
        #expect(units.count == 4 && tree.roots == [district])
        #expect(tree.level[district] == 1 && tree.level[post] == 2)
        #expect(result.counts["orgunits"] == 4 && result.notes.isEmpty)
    }

    static let small = """
        {"organisationUnits": [
           {"id": "ImspTQPwCqd", "code": "OU_525", "name": "Sierra Leone", "level": 1},
           {"id": "O6uvpzGd5pu", "name": "Bo", "parent": {"id": "ImspTQPwCqd"}},
           {"id": "YuQRtpLP10I", "name": "Badjia", "path": "/ImspTQPwCqd/O6uvpzGd5pu/YuQRtpLP10I"}],
         "categoryOptions": [{"id": "MaleOpt0001", "code": "M", "name": "Male"}, {"id": "FemaleOpt01", "name": "Female"},
           {"id": "FundOpt0001", "name": "Fund A"}],
         "categories": [{"id": "GenderCat01", "code": "GENDER", "name": "Gender", "categoryOptions": [{"id": "MaleOpt0001"}, {"id": "FemaleOpt01"}]},
           {"id": "FundCat0001", "name": "Funding", "dataDimensionType": "ATTRIBUTE", "categoryOptions": [{"id": "FundOpt0001"}]}],
         "categoryCombos": [{"id": "GenderCC001", "name": "Gender", "categories": [{"id": "GenderCat01"}]},
           {"id": "DefaultCC01", "name": "default", "categories": []}],
         "categoryOptionCombos": [
           {"id": "MaleCOC0001", "name": "Male", "categoryCombo": {"id": "GenderCC001"}, "categoryOptions": [{"id": "MaleOpt0001"}]},
           {"id": "FemaleCOC01", "name": "Female", "categoryCombo": {"id": "GenderCC001"}, "categoryOptions": [{"id": "FemaleOpt01"}]},
           {"id": "DefaultCOC1", "name": "default", "categoryCombo": {"id": "DefaultCC01"}, "categoryOptions": []}],
         "constants": [{"id": "PerThousand", "name": "Per thousand", "value": 1000}],
         "dataElements": [
           {"id": "BirthsUID01", "code": "BIRTHS", "name": "Live births", "valueType": "INTEGER_ZERO_OR_POSITIVE", "aggregationType": "SUM", "domainType": "AGGREGATE", "categoryCombo": {"id": "GenderCC001"}},
           {"id": "PopUID00001", "name": "Population (total)", "valueType": "INTEGER", "aggregationType": "AVERAGE_SUM_ORG_UNIT", "categoryCombo": {"id": "DefaultCC01"}},
           {"id": "TempUID0001", "code": "1TEMP", "name": "Temperature", "valueType": "NUMBER", "aggregationType": "AVERAGE"},
           {"id": "NoteUID0001", "name": "Remarks", "valueType": "TEXT", "aggregationType": "NONE"},
           {"id": "TrackUID001", "name": "Weight at birth", "valueType": "NUMBER", "domainType": "TRACKER"}],
         "indicatorTypes": [{"id": "PerMille001", "name": "Per thousand", "factor": 1000}],
         "indicators": [
           {"id": "CbrUID00001", "code": "CBR", "name": "Crude birth rate", "numerator": "#{BirthsUID01}", "denominator": "#{PopUID00001.DefaultCOC1}", "indicatorType": {"id": "PerMille001"}, "decimals": 2, "annualized": true},
           {"id": "SrbUID00001", "name": "Sex ratio", "numerator": "#{BirthsUID01.MaleCOC0001} * C{PerThousand} / 10", "denominator": "#{BirthsUID01.FemaleCOC01.DefaultCOC1}", "indicatorType": {"id": "Unknown0001"}},
           {"id": "PiUID000001", "name": "Program", "numerator": "I{abcdefghijk}", "denominator": "1"},
           {"id": "D2UID000001", "name": "Function", "numerator": "d2:count(#{BirthsUID01})", "denominator": "1"},
           {"id": "IfUID000001", "name": "If", "numerator": "if(#{BirthsUID01} > 0, 1, 0)", "denominator": "1"},
           {"id": "RrUID000001", "name": "Reporting rate", "numerator": "R{DataSetUID1.REPORTING_RATE}", "denominator": "1"},
           {"id": "CxUID000001", "name": "Constant", "numerator": "C{NotThere001}", "denominator": "1"},
           {"id": "AocUID00001", "name": "Attribute", "numerator": "#{BirthsUID01.MaleCOC0001.SomeAOC0001}", "denominator": "1"},
           {"id": "TxtUID00001", "name": "Text", "numerator": "#{NoteUID0001}", "denominator": "1"}],
         "dataSets": [
           {"id": "DataSetUID1", "name": "Monthly births", "periodType": "Monthly", "timelyDays": 10,
            "dataSetElements": [{"dataElement": {"id": "BirthsUID01"}}, {"dataElement": {"id": "NoteUID0001"}}],
            "organisationUnits": [{"id": "YuQRtpLP10I"}, {"id": "O6uvpzGd5pu"}, {"id": "YuQRtpLP10I"}]},
           {"id": "DataSetUID2", "name": "Bimonthly", "periodType": "BiMonthly", "dataElements": [{"id": "PopUID00001"}]}],
         "validationRules": [
           {"id": "RuleUID0001", "name": "Male births at most all births", "operator": "less_than_or_equal_to",
            "leftSide": {"expression": "#{BirthsUID01.MaleCOC0001}", "missingValueStrategy": "NEVER_SKIP"},
            "rightSide": {"expression": "#{BirthsUID01}", "missingValueStrategy": "SKIP_IF_ALL_VALUES_MISSING"},
            "periodType": "Monthly", "organisationUnitLevels": [3]},
           {"id": "RuleUID0002", "name": "Pair", "operator": "compulsory_pair",
            "leftSide": {"expression": "#{BirthsUID01}"}, "rightSide": {"expression": "#{PopUID00001}"}}],
         "programs": [{"id": "ProgUID0001", "name": "Child programme"}]}
        """

    /// DHIS2's aggregation types keep their meaning: each becomes Tally's type of the same name without a note, the
    /// averages over org units of `LAST_IN_PERIOD` and `FIRST` too; only `DEFAULT`, `CUSTOM` get one (summed).
    @Test func aggregationTypes() throws {
        let kinds = [
            "LAST", "LAST_IN_PERIOD", "FIRST", "LAST_AVERAGE_ORG_UNIT", "AVERAGE", "AVERAGE_SUM_ORG_UNIT", "MIN", "MAX",
            "COUNT", "STDDEV", "VARIANCE", "NONE", "FIRST_AVERAGE_ORG_UNIT", "LAST_IN_PERIOD_AVERAGE_ORG_UNIT",
            "CUSTOM",
        ]
        let elements = kinds.enumerated().map { i, kind in
            "{\"id\": \"Element\(1000 + i)\", \"code\": \"E\(i)\", \"name\": \"\(kind)\", \"valueType\": \"NUMBER\", \"aggregationType\": \"\(kind)\"}"
        }
        let json = """
            {"organisationUnits": [{"id": "ImspTQPwCqd", "name": "Sierra Leone"}],
             "dataElements": [\(elements.joined(separator: ",\n"))]}
            """
        let result = try DHIS2MetadataConverter.convert(bytes: Array(json.utf8), name: "kinds.json")
        let metadata = try MetadataParser(file: "kinds.yaml").parse(result.yaml)
        #expect(
            metadata.elements.map(\.aggregation) == [
                .last, .lastInPeriod, .first, .lastAverageOrgUnit, .average, .averageSumOrgUnit, .min, .max, .count,
                .stddev, .variance, .none, .firstAverageOrgUnit, .lastInPeriodAverageOrgUnit, .sum,
            ])
        #expect(
            result.notes.map(\.description) == [
                "approximated: dataElements Element1014 'CUSTOM': aggregation CUSTOM has no Tally equivalent; it is summed"
            ])
    }

    @Test func everyKindOfObject() throws {
        let result = try DHIS2MetadataConverter.convert(bytes: Array(Self.small.utf8), name: "small.json")
        let metadata = try MetadataParser(file: "small.yaml").parse(result.yaml)
        #expect(metadata.elements.map(\.code) == ["BIRTHS", "Population_total", "x_1TEMP", "Remarks"])
        // DHIS2's TEXT is Tally's text, stored and exported, never added up: its NONE aggregation is not carried.
        #expect(metadata.element("Remarks")?.valueType == .text && metadata.element("Remarks")?.aggregation == .sum)
        #expect(metadata.element("BIRTHS")?.categories == ["GENDER"])
        #expect(metadata.category("GENDER")?.options.map(\.code) == ["M", "Female"])
        #expect(metadata.element("x_1TEMP")?.valueType == .number && metadata.element("x_1TEMP")?.allowNegative == true)
        #expect(metadata.element("x_1TEMP")?.aggregation == .average)
        let cbr = try #require(metadata.indicator("CBR"))
        #expect(cbr.denominator.description == "#{Population_total}")
        #expect(cbr.factor == 1000 && cbr.unit == "‰" && cbr.decimals == 2 && cbr.annualized)
        let srb = try #require(metadata.indicator("Sex_ratio"))
        #expect(srb.numerator.description == "#{BIRTHS.M} * 1000 / 10")
        #expect(srb.denominator.description == "#{BIRTHS.Female}")
        #expect(metadata.indicators.count == 2)
        let dataset = try #require(metadata.datasets.first)
        #expect(dataset.code == "Monthly_births" && dataset.elements == ["BIRTHS", "Remarks"])
        // Assigned to units at levels 2 and 3: those units report it.
        #expect(dataset.assignment == DataSet.Assignment(units: ["O6uvpzGd5pu", "YuQRtpLP10I"]))
        #expect(metadata.datasets.map(\.periodType) == [.monthly, .biMonthly])
        #expect(metadata.validationRules.count == 1)
        #expect(metadata.validationRules[0].missing == .neverSkip && metadata.validationRules[0].level == 3)
        #expect(result.orgUnitsCSV.contains("\nYuQRtpLP10I,Badjia,O6uvpzGd5pu\n"))
        #expect(result.orgUnitsCSV.contains("\nOU_525,Sierra Leone,\n"))
        for row in [
            "orgunit,ImspTQPwCqd,OU_525", "element,BirthsUID01,BIRTHS", "combo,MaleCOC0001,M",
            "combo,DefaultCOC1,default",
            "category,GenderCat01,GENDER", "option,FemaleOpt01,Female", "dataset,DataSetUID1,Monthly_births",
        ] {
            #expect(result.mappingCSV.contains("\n\(row)\n"), "\(row)")
        }
        let reasons = result.notes.map(\.description)
        #expect(!reasons.contains { $0.contains("several levels") })
        for expected in [
            "skipped: dataElements TrackUID001 'Weight at birth': a tracker (tracker) data element; Tally holds aggregate counts",
            "skipped: indicators PiUID000001 'Program': its numerator uses program indicator I{abcdefghijk} (tracker data)",
            "skipped: indicators D2UID000001 'Function': its numerator uses the function d2:count",
            "skipped: indicators IfUID000001 'If': its numerator uses the function or keyword 'if'",
            "skipped: indicators RrUID000001 'Reporting rate': its numerator uses reporting rate R{DataSetUID1.REPORTING_RATE}",
            "skipped: indicators CxUID000001 'Constant': its numerator uses the constant C{NotThere001} is not in the file",
            "skipped: indicators AocUID00001 'Attribute': its numerator uses #{BirthsUID01.MaleCOC0001.SomeAOC0001}: the attribute option combo SomeAOC0001 is not in the file",
            "skipped: indicators TxtUID00001 'Text': its numerator uses #{NoteUID0001} refers to the text element Remarks, which is never added up",
            "approximated: indicators SrbUID00001 'Sex ratio': its indicator type Unknown0001 is not in the file; factor 1",
            "approximated: dataSets DataSetUID2 'Bimonthly': none of its org units is in the file; Tally expects reports from level 1, the top unit",
            "approximated: validationRules RuleUID0001 'Male births at most all births': its sides skip on missing values differently (NEVER_SKIP, SKIP_IF_ALL_VALUES_MISSING); Tally uses the left side's for both",
            "skipped: validationRules RuleUID0002 'Pair': the operator compulsory_pair is not a comparison Tally has",
            "skipped: programs: 1 object of a kind Tally has no equivalent for",
        ] {
            #expect(reasons.contains(expected), "\(expected)")
        }
    }

    /// Every note is written in Chinese as well as English, with the DHIS2 identifiers and names as they were.
    @Test func theNotesAreInChineseToo() throws {
        let result = try DHIS2MetadataConverter.convert(bytes: Array(Self.small.utf8), name: "small.json")
        let chinese = result.notes.map { $0.text(.zh) }
        #expect(result.notes.map { $0.text(.en) } == result.notes.map(\.description))
        for expected in [
            "未转换：indicators PiUID000001 'Program'：其分子使用了项目指标 I{abcdefghijk}（追踪数据）",
            "未转换：indicators CxUID000001 'Constant'：其分子使用了常量 C{NotThere001}，它不在文件中",
            "近似转换：indicators SrbUID00001 'Sex ratio'：其指标类型 Unknown0001 不在文件中；系数取 1",
            "未转换：indicators TxtUID00001 'Text'：其分子使用了#{NoteUID0001}，它引用的文字数据元素 Remarks 从不相加",
            "近似转换：dataSets DataSetUID2 'Bimonthly'：其组织单位都不在文件中；Tally 按第1级（最上级单位）要求报表",
            "未转换：validationRules RuleUID0002 'Pair'：运算符 compulsory_pair 不是 Tally 具有的比较",
            "未转换：programs：1个对象，Tally 没有与之对应的种类",
        ] {
            #expect(chinese.contains(expected), "\(expected)")
        }
        // No note is left in English only: each Chinese text differs from the English one.
        for note in result.notes {
            #expect(note.reason.zh != note.reason.en, "\(note.description)")
        }
    }

    /// A data set's attribute category combo (DHIS2's `categoryCombo` of `dataDimensionType` ATTRIBUTE, a partner)
    /// becomes its `attributes:`; its attribute option combos rows of the mapping; `#{uid.coc.aoc}` and
    /// `#{uid.*.aoc}` the element's options; an element already in a data set with other attributes is left out of
    /// a later one, with a note.
    @Test func aDataSetsAttributeCategoryCombo() throws {
        let result = try DHIS2MetadataConverter.convert(bytes: Array(Self.attributed.utf8), name: "partners.json")
        let metadata = try MetadataParser(file: "partners.yaml").parse(result.yaml)
        let monthly = try #require(metadata.datasets.first { $0.code == "MONTHLY" })
        #expect(monthly.attributes == ["PARTNER"] && monthly.elements == ["BIRTHS", "VISITS"])
        #expect(metadata.category("PARTNER")?.options.map(\.code) == ["PA", "PB"])
        let births = try #require(metadata.element("BIRTHS"))
        #expect(births.categories == ["GENDER", "PARTNER"] && births.attributeCategories == ["PARTNER"])
        #expect(metadata.combos(of: births).map(\.code) == ["M_PA", "M_PB", "Female_PA", "Female_PB"])
        #expect(metadata.datasets.first { $0.code == "YEARLY" }?.elements == ["POP"])
        #expect(metadata.indicator("PA_SHARE")?.numerator.description == "#{BIRTHS.PA}")
        #expect(metadata.indicator("MALE_PA")?.numerator.description == "#{BIRTHS.M_PA}")
        for row in [
            "combo,PartnerAAOC,PA", "combo,PartnerBAOC,PB", "combo,MaleCOC0001,M", "category,PartnerCat1,PARTNER",
            "option,PartnerA001,PA", "combo,HllvX50cXC0,default",
        ] {
            #expect(result.mappingCSV.contains("\n\(row)\n"), "\(row)")
        }
        #expect(
            result.notes.map(\.description) == [
                "approximated: dataSets YearlyDS001 'Yearly': 1 of its data elements are left out because an earlier data set has them with other attribute categories (a Tally element's values carry one set): VISITS (in MONTHLY)"
            ])
    }

    static let attributed = """
        {"organisationUnits": [{"id": "ImspTQPwCqd", "code": "OU_525", "name": "Sierra Leone", "level": 1}],
         "categoryOptions": [{"id": "MaleOpt0001", "code": "M", "name": "Male"}, {"id": "FemaleOpt01", "name": "Female"},
           {"id": "PartnerA001", "code": "PA", "name": "Partner A"}, {"id": "PartnerB001", "code": "PB", "name": "Partner B"}],
         "categories": [
           {"id": "GenderCat01", "code": "GENDER", "name": "Gender", "dataDimensionType": "DISAGGREGATION", "categoryOptions": [{"id": "MaleOpt0001"}, {"id": "FemaleOpt01"}]},
           {"id": "PartnerCat1", "code": "PARTNER", "name": "Partner", "dataDimensionType": "ATTRIBUTE", "categoryOptions": [{"id": "PartnerA001"}, {"id": "PartnerB001"}]}],
         "categoryCombos": [
           {"id": "GenderCC001", "name": "Gender", "dataDimensionType": "DISAGGREGATION", "categories": [{"id": "GenderCat01"}]},
           {"id": "PartnerCC01", "name": "Partner", "dataDimensionType": "ATTRIBUTE", "categories": [{"id": "PartnerCat1"}]},
           {"id": "bjDvmb4bfuf", "name": "default", "dataDimensionType": "DISAGGREGATION", "categories": []}],
         "categoryOptionCombos": [
           {"id": "MaleCOC0001", "name": "Male", "categoryCombo": {"id": "GenderCC001"}, "categoryOptions": [{"id": "MaleOpt0001"}]},
           {"id": "FemaleCOC01", "name": "Female", "categoryCombo": {"id": "GenderCC001"}, "categoryOptions": [{"id": "FemaleOpt01"}]},
           {"id": "PartnerAAOC", "name": "Partner A", "categoryCombo": {"id": "PartnerCC01"}, "categoryOptions": [{"id": "PartnerA001"}]},
           {"id": "PartnerBAOC", "name": "Partner B", "categoryCombo": {"id": "PartnerCC01"}, "categoryOptions": [{"id": "PartnerB001"}]},
           {"id": "HllvX50cXC0", "name": "default", "categoryCombo": {"id": "bjDvmb4bfuf"}, "categoryOptions": []}],
         "dataElements": [
           {"id": "BirthsUID01", "code": "BIRTHS", "name": "Live births", "valueType": "INTEGER_ZERO_OR_POSITIVE", "aggregationType": "SUM", "domainType": "AGGREGATE", "categoryCombo": {"id": "GenderCC001"}},
           {"id": "VisitsUID01", "code": "VISITS", "name": "Home visits", "valueType": "INTEGER_ZERO_OR_POSITIVE", "aggregationType": "SUM", "domainType": "AGGREGATE", "categoryCombo": {"id": "bjDvmb4bfuf"}},
           {"id": "PopUID00001", "code": "POP", "name": "Population", "valueType": "INTEGER_ZERO_OR_POSITIVE", "aggregationType": "AVERAGE_SUM_ORG_UNIT", "domainType": "AGGREGATE", "categoryCombo": {"id": "bjDvmb4bfuf"}}],
         "indicatorTypes": [{"id": "PctType0001", "name": "Percent", "factor": 100}],
         "indicators": [
           {"id": "ShareUID001", "code": "PA_SHARE", "name": "Partner A share", "numerator": "#{BirthsUID01.*.PartnerAAOC}", "denominator": "#{BirthsUID01}", "indicatorType": {"id": "PctType0001"}},
           {"id": "MalePAUID01", "code": "MALE_PA", "name": "Boys of partner A", "numerator": "#{BirthsUID01.MaleCOC0001.PartnerAAOC}", "denominator": "1", "indicatorType": {"id": "PctType0001"}}],
         "dataSets": [
           {"id": "MonthlyDS01", "code": "MONTHLY", "name": "Monthly", "periodType": "Monthly", "categoryCombo": {"id": "PartnerCC01"},
            "dataSetElements": [{"dataElement": {"id": "BirthsUID01"}}, {"dataElement": {"id": "VisitsUID01"}}], "organisationUnits": [{"id": "ImspTQPwCqd"}]},
           {"id": "YearlyDS001", "code": "YEARLY", "name": "Yearly", "periodType": "Yearly", "categoryCombo": {"id": "bjDvmb4bfuf"},
            "dataSetElements": [{"dataElement": {"id": "PopUID00001"}}, {"dataElement": {"id": "VisitsUID01"}}], "organisationUnits": [{"id": "ImspTQPwCqd"}]}]}
        """

    @Test func filesThatAreNotMetadata() throws {
        for (text, code) in [
            ("{\"dataElements\": [", MetadataConversionError.Code.syntax), ("[1, 2]", .notMetadata),
            ("{\"dataValues\": []}", .notMetadata),
            (
                #"{"organisationUnits": [{"id": "A", "name": "A", "parent": {"id": "B"}}, {"id": "B", "name": "B", "parent": {"id": "A"}}]}"#,
                .orgUnits
            ),
        ] {
            #expect(throws: MetadataConversionError.self) {
                try DHIS2MetadataConverter.convert(bytes: Array(text.utf8), name: "m.json")
            }
            do {
                _ = try DHIS2MetadataConverter.convert(bytes: Array(text.utf8), name: "m.json")
            } catch {
                #expect(error.code == code)
                #expect(error.errorCode == "dhis2.\(code.rawValue)")
            }
        }
    }
}
