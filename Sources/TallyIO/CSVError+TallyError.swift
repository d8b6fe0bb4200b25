public import TallyCore
public import TallyText

extension CSVError: TallyError {
    public var errorCode: String { "csv.\(code.rawValue)" }

    /// The sentence in `language`.
    public func message(_ language: Language) -> String { sentence(language) }
}
