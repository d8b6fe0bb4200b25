internal import HTTPTypes
internal import Tally
internal import TallyIO
internal import TallyRender
internal import TallyText

/// The HTTP answer to each error of Tally's use cases: its status, its code and sentence as Tally gives them, and
/// what API clients get besides (an import's problems, a conflict's current value). ``ErrorMiddleware`` answers
/// every route's uncaught error with these; a page that shows a refusal itself (the entry form) converts first.
extension ServerError {
    /// A campaign's standing or targets refused: an unknown campaign or one without targets is not found (404),
    /// anything the targets or dates do not allow is a bad request (400).
    init(_ error: CampaignError) {
        switch error.code {
        case .unknownCampaign: self = .notFound(error.sentence)
        case .noTargets: self.init(.notFound, error.errorCode, error.sentence)
        case .targets: self.init(.badRequest, error.errorCode, error.sentence)
        }
    }

    /// An account operation refused (the users page, a password change): 403 for what the user may not do (not an
    /// admin, a user or unit outside the subtree, their own account), 404 for an unknown user or token, 409 for a
    /// name that is taken, 400 for anything typed wrong; the code is the error's (`account.…`).
    init(_ error: AccountError) {
        switch error.code {
        case .notAdmin, .outsideSubtree, .unitOutsideSubtree, .ownAccount:
            self = .forbidden(error.errorCode, error.sentence)
        case .unknownUser, .unknownToken: self.init(.notFound, error.errorCode, error.sentence)
        case .userExists: self.init(.conflict, error.errorCode, error.sentence)
        case .invalidName, .invalidDisplayName, .unknownOrgUnit, .weakPassword, .tokenLifetime, .wrongPassword,
            .samePassword:
            self.init(.badRequest, error.errorCode, error.sentence)
        }
    }

    /// A query's subject refused: one the metadata does not have is not found (404), one that is not an element
    /// reference or missing is a bad request (400).
    init(_ error: SubjectError) {
        switch error.code {
        case .unknownElement, .unknownIndicator: self = .notFound(error.sentence)
        case .notAnElement, .noSubject: self = .badRequest(error.sentence)
        }
    }

    /// An entry form refused: an unknown dataset is not found (404), a period of another type, a unit that does not
    /// report the dataset or a partner that is not one of its attribute option combos a bad request (400).
    init(_ error: EntrySheetError) {
        switch error.code {
        case .unknownDataset: self = .notFound(error.sentence)
        case .otherPeriodType, .notReporting, .unknownPartner: self = .badRequest(error.sentence)
        }
    }

    /// A value refused: 422 with every problem (by row, field and code) for entries that do not resolve, or with the
    /// broken validation rules (`rules`) when one refuses the write or needs a confirmation; 403 for a
    /// read-only user, an element entered at another level, a unit outside the subtree, a period not begun or closed; 409 with the current value for a
    /// stale version.
    init(_ error: ValueError) {
        switch error.code {
        case .invalid(let problems):
            let details = Localized.each { language in
                let rows = problems.issues.map { issue -> JSONValue in
                    .object([
                        ("row", ValueError.row(issue).map { .number(Double($0)) } ?? .null),
                        ("field", .string(issue.column)),
                        ("code", .string("import.\(issue.code.rawValue)")),
                        ("message", .string(issue.details(language))),
                    ])
                }
                return JSONValue.object([("problems", .array(rows)), ("total", .int(problems.total))])
            }
            self.init(.unprocessableContent, error.errorCode, error.sentence, localizedDetails: details)
        case .unknownOrgUnit:
            self.init(.unprocessableContent, error.errorCode, error.sentence)
        case .readOnly, .outsideSubtree, .periodNotBegun, .periodClosed, .enteredAbove, .reportLocked:
            self = .forbidden(error.errorCode, error.sentence)
        case .conflict(let current):
            self.init(.conflict, error.errorCode, error.sentence, details: ValueJSON.object(current))
        case .ruleRefused(let breaks), .ruleUnconfirmed(let breaks):
            let details = Localized.each { language in
                JSONValue.object([("rules", .array(breaks.map { ValueJSON.object($0, language) }))])
            }
            self.init(.unprocessableContent, error.errorCode, error.sentence, localizedDetails: details)
        }
    }
}
