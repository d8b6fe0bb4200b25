public import TallyCore
public import TallyTargets
public import TallyText

extension TargetError: TallyError {
    public func message(_ language: Language) -> String {
        Localized(zh: chineseMessage, en: message)(language)
    }
}
