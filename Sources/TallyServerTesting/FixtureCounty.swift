internal import Foundation

/// The small county the server's tests and its browser test run on: 云溪县 (C) → 甲镇 (TA) and 乙镇 (TB) → two
/// villages each (A1, A2, B1, B2); births by sex and home visits in a monthly report of the villages (due 10 days
/// after the month; approved by the town, accepted by the county), a yearly population (due after 31 days), the crude birth rate (annualized, per mille) and
/// the sex ratio at birth.
///
/// Each test brings its own values and users: the figures it checks are computed in the test from those.
public enum FixtureCounty {
    /// The metadata file (YAML).
    public static let metadata = """
        categories:
          sex:
            name: {en: Sex, zh: 性别}
            options:
              male: {en: Male, zh: 男}
              female: {en: Female, zh: 女}
        elements:
          population:
            name: {en: Population, zh: 人口数}
            aggregation: average_sum_org_unit
          births:
            name: {en: Live births, zh: 出生数}
            categories: [sex]
          visits:
            name: {en: Home visits, zh: 访视人数}
        indicators:
          cbr:
            name: {en: Crude birth rate, zh: 出生率}
            numerator: "#{births}"
            denominator: "#{population}"
            factor: 1000
            decimals: 2
            unit: "‰"
            annualized: true
          srb:
            name: {en: Sex ratio at birth, zh: 出生性别比}
            numerator: "#{births.male}"
            denominator: "#{births.female}"
            factor: 100
            decimals: 1
        datasets:
          population:
            name: {en: Annual population, zh: 年度人口}
            period: yearly
            level: 3
            due_days: 31
            elements: [population]
          monthly:
            name: {en: Monthly report, zh: 月报}
            period: monthly
            level: 3
            due_days: 10
            elements: [births, visits]
            approval: [2, 1]

        """

    /// ``metadata`` with partners A and B (`pa` 甲伙伴, `pb` 乙伙伴) as the monthly report's attribute category
    /// (`attributes: [partner]`), so that its values carry DHIS2's attribute option combo (`male_pa`).
    public static let partnerMetadata =
        metadata
        .replacingOccurrences(
            of: "elements:\n",
            with: """
                  partner:
                    name: {en: Partner, zh: 合作伙伴}
                    options:
                      pa: {en: Partner A, zh: 甲伙伴}
                      pb: {en: Partner B, zh: 乙伙伴}
                elements:

                """
        )
        .replacingOccurrences(
            of: "    elements: [births, visits]\n", with: "    elements: [births, visits]\n    attributes: [partner]\n")

    /// Validation rules to append to ``metadata``: visits at most 100 (`high`: refuses a save), births at most
    /// visits (`medium`: a save needs a confirmation), boys at most 4 (`low`: warns; missing counts as 0).
    public static let rules = """
        validation_rules:
          visits_cap:
            name: {en: Visits at most 100, zh: 访视不超过100}
            left: "#{visits}"
            operator: "<="
            right: "100"
            importance: high
          births_by_visits:
            name: {en: Births at most visits, zh: 出生不超过访视}
            left: "#{births}"
            operator: "<="
            right: "#{visits}"
            importance: medium
          boys:
            name: {en: Boys at most 4, zh: 男婴不超过4}
            left: "#{births.male}"
            operator: "<="
            right: "4"
            missing: never_skip

        """

    /// ``metadata`` with the towns' recount of the villages' home visits: `visits` is `verified_by: visits_verified`,
    /// on the monthly form, which the villages' clerks do not enter (entered above the reporting unit).
    public static let recountMetadata =
        metadata
        .replacingOccurrences(
            of: "  visits:\n    name: {en: Home visits, zh: 访视人数}\n",
            with: """
                  visits:
                    name: {en: Home visits, zh: 访视人数}
                    verified_by: visits_verified
                  visits_verified:
                    name: {en: Home visits recounted, zh: 访视人数（复核）}

                """
        )
        .replacingOccurrences(of: "elements: [births, visits]", with: "elements: [births, visits, visits_verified]")

    /// ``metadata`` with a text element `remark` and a long text `story` on the monthly report.
    public static let textMetadata =
        metadata
        .replacingOccurrences(
            of: "  visits:\n    name: {en: Home visits, zh: 访视人数}\n",
            with: """
                  visits:
                    name: {en: Home visits, zh: 访视人数}
                  remark:
                    name: {en: Remark, zh: 备注}
                    type: text
                  story:
                    name: {en: Situation this month, zh: 本月情况说明}
                    type: long_text

                """
        )
        .replacingOccurrences(of: "elements: [births, visits]", with: "elements: [births, visits, remark, story]")

    /// The org-unit file (CSV: code,name,parent).
    public static let orgUnits = """
        code,name,parent
        C,云溪县,
        TA,甲镇,C
        A1,甲一村,TA
        A2,甲二村,TA
        TB,乙镇,C
        B1,乙一村,TB
        B2,乙二村,TB

        """
}
