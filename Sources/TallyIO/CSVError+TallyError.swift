public import TallyCore

extension CSVError: TallyError {
    public var errorCode: String { "csv.\(code.rawValue)" }
}
