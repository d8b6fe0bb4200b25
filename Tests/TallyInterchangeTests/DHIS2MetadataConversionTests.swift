import Foundation
import TallyCore
import TallyIO
import TallyInterchange
import TallyStore
import TallyText
import Testing

@Suite struct DHIS2MetadataConversionTests {
    var aggregate: DHIS2MetadataConversion {
        get throws {
            try DHIS2MetadataConverter.convert(
                path: dhis2Fixtures.appendingPathComponent("core-aggregate-metadata.json").path)
        }
    }

    @Test func theRealPayloadConvertsToMetadataThatParses() throws {
        let result = try aggregate
        let metadata = try MetadataParser(file: "converted.yaml").parse(result.yaml)
        #expect(metadata.elements.count == 75)
        #expect(metadata.elements.count(where: { $0.valueType == .boolean }) == 9)
        #expect(metadata.indicators.count == 19)
        #expect(metadata.datasets.count == 2)
        #expect(metadata.validationRules.count == 11)
        #expect(metadata.categories.map(\.code) == ["TA_Age_malaria", "TA_Foci_classification", "TA_Sex"])
        // DHIS2 codes that are valid stay; others are derived.
        #expect(metadata.element("TA_MAL_CASES_TEST_RDT") != nil)
        #expect(metadata.element("TA_GEN_ALL_CAUSE_IPD_CASES")?.categories == ["TA_Age_malaria"])
        #expect(metadata.element("TA_MAL_CONF_MEDIAN_2") != nil)
        #expect(metadata.element("TA_MAL_POP_AT_RISK")?.aggregation == .averageSumOrgUnit)
        // Expressions use codes; the indicator type's factor and unit.
        let rdt = try #require(metadata.indicator("TA_MAL_PER_CASES_WITH_RDT"))
        #expect(rdt.numerator.description == "#{TA_MAL_CASES_TEST_RDT}")
        #expect(rdt.denominator.description == "#{TA_MAL_CASES_TEST_MICR} + #{TA_MAL_CASES_TEST_RDT}")
        #expect(rdt.factor == 100 && rdt.unit == "%")
        // #{uid.HllvX50cXC0} of an element without categories: DHIS2's default combo.
        // Elements and indicators share one set of codes: the indicator of the same DHIS2 code gets a suffix.
        #expect(
            metadata.indicator("TA_MAL_FOCI_IDENT_NEW_OLD_2")?.numerator.description == "#{TA_MAL_FOCI_IDENT_NEW_OLD}")
        #expect(result.mappingCSV.contains("\ncombo,HllvX50cXC0,default\n"))
        #expect(result.mappingCSV.contains("\ncombo,t5FrQ0GTvGf,TAP0YP5Y_TAF\n"))
        #expect(result.mappingCSV.contains("\nelement,BjDrgVrkBI3,TA_GEN_ALL_CAUSE_IPD_CASES\n"))
        #expect(result.mappingCSV.contains("\ndataset,VEM58nY22sO,MAL_EL\n"))
        let monthly = try #require(metadata.datasets.first { $0.code == "MAL_EL" })
        #expect(monthly.periodType == .monthly && monthly.dueDays == 15)
        let rule = try #require(metadata.validationRules.first { $0.name.text(.en).hasPrefix("TA Malaria deaths") })
        #expect(rule.op == .lessOrEqual && rule.missing == .neverSkip && rule.periodType == .monthly)
    }

    @Test func whatCannotBeTranslatedIsListed() throws {
        let notes = try aggregate.notes.map(\.description)
        // DHIS2's BOOLEAN elements are converted as booleans, not skipped.
        #expect(!notes.contains { $0.contains("value type BOOLEAN") })
        #expect(
            notes.contains(
                "skipped: validationRules Kejj3gJ2GD0 'TA Positive (Micr) = Sum of species (Pf, Pv, Mixed, Other species)': its right side uses '#jtyuEfbNbkb}', which is not a reference (DHIS2 writes #{uid})"
            ))
        #expect(notes.contains { $0.hasPrefix("approximated: categoryCombos bjDvmb4bfuf: used by 35 data elements") })
        // DHIS2's NONE is Tally's `none`, without a note.
        #expect(!notes.contains { $0.contains("aggregation NONE") })
        #expect(try aggregate.yaml.contains("aggregation: none"))
        #expect(notes.contains("skipped: legendSets: 2 objects of a kind Tally has no equivalent for"))
    }

    @Test func aDataValueSetFromTheSameSourceImportsWithTheWrittenMapping() throws {
        let result = try aggregate
        // The set's org unit (Bo) comes from DHIS2's demo database, not from the metadata file.
        let units = [
            OrgUnit(code: "SL", name: "Sierra Leone", parentCode: nil),
            OrgUnit(code: "Bo", name: "Bo", parentCode: "SL"),
        ]
        let h = try Harness(yaml: result.yaml, units: units)
        let mapping = try IdentifierMapping(
            file: "ids.csv", rows: try Self.rows(result.mappingCSV) + [(.orgUnit, "O6uvpzGd5pu", "Bo")])
        let summary = try h.run(
            path: dhis2Fixtures.appendingPathComponent("core-aggregate-dataValues.json").path, format: .dhis2JSON,
            mapping: mapping)
        #expect(summary.new == 2)
        #expect(
            try h.values().map { "\($0.element).\($0.combo)@\($0.orgUnit)/\($0.period)=\($0.value)" } == [
                "TA_GEN_ALL_CAUSE_IPD_CASES.TAP0YP5Y@Bo/201911=1000.0",
                "TA_GEN_ALL_CAUSE_IPD_CASES.TAP5YP15Y@Bo/201911=2000.0",
            ])
        // And back to DHIS2's identifiers.
        let exported = try h.export(.dhis2JSON, mapping: mapping)
        #expect(
            exported.contains("\"categoryOptionCombo\": \"oPcWGgS2Liz\"")
                && exported.contains("\"orgUnit\": \"O6uvpzGd5pu\""))
    }

    static func rows(_ csv: String) throws -> [(IdentifierMapping.Kind, String, String)] {
        csv.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (IdentifierMapping.Kind(rawValue: f[0])!, f[1], f[2])
        }
    }

    @Test func orgUnitsWithAndWithoutIdentifiers() throws {
        let result = try DHIS2MetadataConverter.convert(
            path: dhis2Fixtures.appendingPathComponent("core-ou_with_levels.json").path)
        #expect(
            result.orgUnitsCSV
                == "code,name,parent\nOrgUnitB,OrgUnitB,inVD5SdytkT\nOrgUnitC,OrgUnitC,inVD5SdytkT\nOrgUnitD,OrgUnitD,inVD5SdytkT\ninVD5SdytkT,OrgUnitA,\n"
        )
        let (units, tree) = try OrgUnitFile.read(bytes: Array(result.orgUnitsCSV.utf8), name: "orgunits.csv")
        #expect(units.count == 4 && tree.roots.count == 1)
        #expect(result.counts["orgunits"] == 4)
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

    /// DHIS2's aggregation types keep their meaning: each becomes Tally's type of the same name without a note;
    /// only the forms Tally lacks (`LAST_IN_PERIOD_AVERAGE_ORG_UNIT`, `FIRST_AVERAGE_ORG_UNIT`) are converted with one.
    @Test func aggregationTypes() throws {
        let kinds = [
            "LAST", "LAST_IN_PERIOD", "FIRST", "LAST_AVERAGE_ORG_UNIT", "AVERAGE", "AVERAGE_SUM_ORG_UNIT", "MIN", "MAX",
            "COUNT", "STDDEV", "VARIANCE", "NONE", "FIRST_AVERAGE_ORG_UNIT",
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
                .stddev, .variance, .none, .first,
            ])
        #expect(
            result.notes.map(\.description) == [
                "approximated: dataElements Element1012 'FIRST_AVERAGE_ORG_UNIT': aggregation FIRST_AVERAGE_ORG_UNIT averages over org units in DHIS2; Tally takes the first value over time and adds over org units"
            ])
    }

    @Test func everyKindOfObject() throws {
        let result = try DHIS2MetadataConverter.convert(bytes: Array(Self.small.utf8), name: "small.json")
        let metadata = try MetadataParser(file: "small.yaml").parse(result.yaml)
        #expect(metadata.elements.map(\.code) == ["BIRTHS", "Population_total", "x_1TEMP"])
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
        #expect(dataset.code == "Monthly_births" && dataset.elements == ["BIRTHS"])
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
            "skipped: dataElements NoteUID0001 'Remarks': its value type TEXT is not a number Tally can add up",
            "skipped: dataElements TrackUID001 'Weight at birth': a tracker (tracker) data element; Tally holds aggregate counts",
            "skipped: indicators PiUID000001 'Program': its numerator uses program indicator I{abcdefghijk} (tracker data)",
            "skipped: indicators D2UID000001 'Function': its numerator uses the function d2:count",
            "skipped: indicators IfUID000001 'If': its numerator uses the function or keyword 'if'",
            "skipped: indicators RrUID000001 'Reporting rate': its numerator uses reporting rate R{DataSetUID1.REPORTING_RATE}",
            "skipped: indicators CxUID000001 'Constant': its numerator uses the constant C{NotThere001} is not in the file",
            "skipped: indicators AocUID00001 'Attribute': its numerator uses #{BirthsUID01.MaleCOC0001.SomeAOC0001}: the attribute option combo SomeAOC0001 is not in the file",
            "skipped: indicators TxtUID00001 'Text': its numerator uses #{NoteUID0001} refers to the data element NoteUID0001, which is not converted",
            "approximated: indicators SrbUID00001 'Sex ratio': its indicator type Unknown0001 is not in the file; factor 1",
            "approximated: dataSets DataSetUID2 'Bimonthly': none of its org units is in the file; Tally expects reports from level 1, the top unit",
            "approximated: dataSets DataSetUID1 'Monthly births': 1 of its data elements are not converted: NoteUID0001",
            "approximated: validationRules RuleUID0001 'Male births at most all births': its sides skip on missing values differently (NEVER_SKIP, SKIP_IF_ALL_VALUES_MISSING); Tally uses the left side's for both",
            "skipped: validationRules RuleUID0002 'Pair': the operator compulsory_pair is not a comparison Tally has",
            "skipped: programs: 1 object of a kind Tally has no equivalent for",
        ] {
            #expect(reasons.contains(expected), "\(expected)")
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
