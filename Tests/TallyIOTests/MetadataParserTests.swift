import TallyCore
import TallyIO
import TallyText
import Testing

@Suite struct MetadataParserTests {
    @Test func parsesTheDocumentedExample() throws {
        let m = try MetadataParser().parse(
            ImportFixture.yaml + """

                indicators:
                  cbr: {name: {en: Crude birth rate, zh: 出生率}, numerator: "#{births}", denominator: "#{population}", factor: 1000, decimals: 1, unit: "‰", annualized: true}
                  srb: {name: {en: Sex ratio at birth, zh: 出生性别比}, numerator: "#{births.male}", denominator: "#{births.female}", factor: 100, decimals: 0}
                """)
        #expect(m.elements.map(\.code) == ["births", "population", "weight"])
        #expect(m.combos(of: m.element("births")!).map(\.code) == ["male", "female"])
        #expect(m.combos(of: m.element("population")!) == [.none])
        #expect(m.element("births")?.name.text(.zh) == "出生数")
        #expect(m.element("population")?.name.text(.zh) == "Population")
        #expect(m.indicator("cbr")?.annualized == true)
        #expect(m.indicator("cbr")?.factor == 1000)
        #expect(m.indicator("srb")?.decimals == 0)
        #expect(m.datasets.first?.periodType == .monthly)
        #expect(m.allowedPeriodTypes(of: "births") == [.monthly])
        #expect(m.allowedPeriodTypes(of: "weight") == nil)
    }

    func refused(
        _ yaml: String, _ code: MetadataError.Code, path: String, line: Int?, containing text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try MetadataParser(file: "t.yaml").parse(yaml)
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, sourceLocation: sourceLocation)
            #expect(error.keyPath == path, sourceLocation: sourceLocation)
            if let line { #expect(error.line == line, sourceLocation: sourceLocation) }
            #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
            #expect(error.message.hasPrefix("t.yaml"), sourceLocation: sourceLocation)
        }
    }

    @Test func unknownKeys() {
        refused(
            "elements:\n  births: {type: integer, agregation: sum}\n", .unknownKey, path: "elements.births.agregation",
            line: 2, containing: "unknown key 'agregation'")
        refused(
            "element:\n  births: {}\n", .unknownKey, path: "element", line: 1,
            containing: "expected one of: categories, elements, indicators, datasets")
    }

    @Test func unknownReferences() {
        refused(
            "elements:\n  births: {categories: [sex]}\n", .unknownReference, path: "elements.births.categories[0]",
            line: 2, containing: "'sex' is not a category")
        refused(
            "elements:\n  births: {}\ndatasets:\n  m: {period: monthly, elements: [births, deaths]}\n",
            .unknownReference, path: "datasets.m.elements[1]", line: 4, containing: "'deaths' is not a data element")
        refused(
            "elements:\n  births: {}\nindicators:\n  x: {numerator: \"#{births.male}\", denominator: \"1\"}\n",
            .unknownReference, path: "indicators.x.numerator", line: 4, containing: "names no combo")
        refused(
            "elements:\n  births: {}\nindicators:\n  x: {numerator: \"#{deaths}\", denominator: \"1\"}\n",
            .unknownReference, path: "indicators.x.numerator", line: 4, containing: "'deaths' is not a data element")
    }

    /// `text` and `long_text` elements load; an indicator, rule or figure naming one is refused at its key path,
    /// in both languages, since text is never added up.
    @Test func textElementsAreNeverAggregated() throws {
        let m = try MetadataParser().parse("elements:\n  note: {type: text}\n  story: {type: long_text}\n")
        #expect(m.element("note")?.valueType == .text && m.element("story")?.valueType == .longText)
        #expect(m.element("story")?.valueType.isText == true && m.element("note")?.valueType.isWhole == false)
        refused(
            "elements:\n  a: {}\n  note: {type: text}\nindicators:\n  x: {numerator: \"#{a}\", denominator: \"#{note}\"}\n",
            .unknownReference, path: "indicators.x.denominator", line: 5,
            containing: "'note' holds text (text); text is never added up, so no query, indicator or rule may name it")
        refused(
            "elements:\n  story: {type: long_text}\nvalidation_rules:\n  r: {left: \"#{story}\", operator: \"<\", right: \"1\"}\n",
            .unknownReference, path: "validation_rules.r.left", line: 4, containing: "'story' holds text (long_text)")
        refused(
            "elements:\n  note:\n    type: text\n    max: 10\n", .badValue, path: "elements.note.max", line: 4,
            containing: "the type text holds text and takes no 'max'")
        do {
            _ = try MetadataParser(file: "t.yaml").parse(
                "elements:\n  note: {type: text}\nindicators:\n  x: {numerator: \"#{note}\", denominator: \"1\"}\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.keyPath == "indicators.x.numerator")
            #expect(error.message(.zh).contains("“note”的值是文本（text），文本从不汇总，不能用于查询、指标或规则"))
        }
    }

    @Test func duplicateCodes() {
        refused(
            "elements:\n  births: {}\n  births: {}\n", .duplicateCode, path: "", line: nil,
            containing: "'births' is defined twice")
        refused(
            "elements:\n  births: {}\nindicators:\n  births: {numerator: \"1\", denominator: \"1\"}\n", .duplicateCode,
            path: "indicators.births", line: 4, containing: "already a data element")
    }

    @Test func badValuesAndExpressions() {
        refused(
            "elements:\n  births: {type: whole}\n", .badValue, path: "elements.births.type", line: 2,
            containing: "expected one of: integer, number")
        refused(
            "datasets:\n  m: {period: fortnightly, elements: []}\n", .badValue, path: "datasets.m.period", line: 2,
            containing: "'fortnightly' is not a period type")
        refused(
            "elements:\n  births: {}\nindicators:\n  x: {numerator: \"#{births} +\", denominator: \"1\"}\n",
            .badExpression, path: "indicators.x.numerator", line: 4, containing: "position")
        refused(
            "elements:\n  births: {}\nindicators:\n  x: {numerator: \"#{births}\"}\n", .missingKey,
            path: "indicators.x", line: 4, containing: "'denominator' is required")
        refused("elements: [a, b]\n", .wrongType, path: "elements", line: 1, containing: "expected a mapping")
        refused("elements:\n  births: {name: [a\n", .syntax, path: "", line: nil, containing: "not valid YAML")
        refused("elements:\n  出生: {}\n", .badValue, path: "elements.出生", line: 2, containing: "is not a code")
        refused(
            "elements:\n  a: {}\nvalidation_rules:\n  r: {left: \"#{a}\", operator: \"<\", right: \"1\", importance: urgent}\n",
            .badValue, path: "validation_rules.r.importance", line: 4, containing: "expected one of: high, medium, low")
    }
}

@Suite struct QualityMetadataTests {
    static let base =
        "elements:\n  a: {name: A, reference_rate: 9, verified_by: b}\n  b: {name: B}\n  population: {aggregation: average_sum_org_unit}\n"

    @Test func rulesAndThresholds() throws {
        let m = try MetadataParser().parse(
            Self.base + """
                quality:
                  completeness: 85%
                  timeliness: 0.8
                  element_completeness: 95
                  outliers: {moderate: 2.5, extreme: 4, modified: 5, years: 2}
                  consistency: {band: 0.25, years: 2}
                  verification: {low: 0.8, high: 1.2}
                validation_rules:
                  a_le_b: {name: A within B, left: "#{a}", operator: "<=", right: "#{b} * 2", missing: never_skip, period: monthly, level: 3}
                """)
        #expect(m.quality.completeness == 0.85 && m.quality.timeliness == 0.8 && m.quality.elementCompleteness == 0.95)
        #expect(
            m.quality.outlierModerate == 2.5 && m.quality.outlierExtreme == 4 && m.quality.outlierModified == 5
                && m.quality.outlierYears == 2)
        #expect(
            m.quality.consistencyBand == 0.25 && m.quality.verificationLow == 0.8
                && m.quality.population == "population")
        #expect(m.element("a")?.referenceRate == 9 && m.element("a")?.verifiedBy == "b")
        let rule = try #require(m.validationRules.first)
        #expect(rule.op == .lessOrEqual && rule.missing == .neverSkip && rule.periodType == .monthly && rule.level == 3)
        #expect(rule.right.description == "#{b} * 2")
    }

    @Test(arguments: [
        (
            "validation_rules:\n  r: {left: \"#{a}\", operator: \"=<\", right: \"#{b}\"}\n",
            "validation_rules.r.operator", "is not an operator"
        ),
        (
            "validation_rules:\n  r: {left: \"#{c}\", operator: \"<=\", right: \"#{b}\"}\n", "validation_rules.r.left",
            "'c' is not a data element"
        ),
        (
            "validation_rules:\n  r: {left: \"#{a}\", operator: \"<=\", right: \"#{b}\", missing: sometimes}\n",
            "validation_rules.r.missing", "expected one of"
        ),
        ("quality:\n  completeness: 120%\n", "quality.completeness", "above 100%"),
        ("quality:\n  outliers: {moderate: 3, extreme: 2}\n", "quality.outliers", "moderate ≤ extreme"),
        ("quality:\n  verification: {low: 1.1, high: 1.2}\n", "quality.verification", "low below 1"),
        ("quality:\n  population: people\n", "quality.population", "'people' is not a data element"),
    ])
    func refused(_ yaml: String, _ path: String, _ text: String) {
        do {
            _ = try MetadataParser().parse(Self.base + yaml)
            Issue.record("expected an error")
        } catch {
            #expect(error.keyPath == path)
            #expect(error.message.contains(text), "\(error.message)")
        }
    }

    @Test func verifiedByMustNameAnotherElement() {
        #expect(throws: MetadataError.self) { try MetadataParser().parse("elements:\n  a: {verified_by: a}\n") }
        #expect(throws: MetadataError.self) { try MetadataParser().parse("elements:\n  a: {verified_by: z}\n") }
    }
}

@Suite struct BoundsMetadataTests {
    @Test func minAndMax() throws {
        let m = try MetadataParser().parse("elements:\n  w: {min: 1, max: 100}\n")
        #expect(m.element("w")?.minimum == 1 && m.element("w")?.maximum == 100)
        #expect(throws: MetadataError.self) { try MetadataParser().parse("elements:\n  w: {min: 10, max: 1}\n") }
    }
}
