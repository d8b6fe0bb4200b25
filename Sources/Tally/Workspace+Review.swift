public import TallyAudit
public import TallyBulletin
public import TallyCore
public import TallyEngine
public import TallyIO
public import TallyText

extension Workspace {
    /// The WHO Data Quality Review of the org unit and the units of `scope` below it over `period`, in `language`
    /// (`tally report --dqr`).
    ///
    /// - Parameters:
    ///   - surveyFile: a CSV file of survey values (`comparison,orgunit,value`) added to those in the metadata.
    ///   - asOf: reports are expected only for periods due before this day.
    /// - Throws: `SurveyFileError` for a survey file that cannot be read or holds a bad line, `ReviewError` for a
    ///   survey value in the metadata naming an unknown org unit.
    public func review(
        orgUnit: Int, period: Period, scope: Scope = .children, asOf: Day?, surveyFile: String? = nil,
        language: Language, preparedOn: Day
    ) throws -> Review {
        let surveys =
            try surveyFile.map {
                try SurveyFile.read(
                    path: $0, comparisons: Set(metadata.review.external.map(\.code)), units: Set(tree.index.keys))
            } ?? [:]
        let figures = try QualityAudit(aggregator: engine.evaluator.aggregator)
            .review(orgUnit: orgUnit, period: period, scope: scope, asOf: asOf, surveys: surveys)
        return ReviewBuilder(review: figures, tree: tree, metadata: metadata)
            .build(language: language, preparedOn: preparedOn)
    }
}
