internal import Foundation
internal import TallyText

/// Where a PostgreSQL database is and how to log in, parsed from a URL such as
/// `postgres://tally:secret@127.0.0.1:5432/tally?sslmode=disable&schema=county`.
public struct PostgresURL: Sendable, Equatable {
    /// How to use TLS, as libpq's `sslmode`.
    public enum TLSMode: String, Sendable {
        /// Never use TLS.
        case disable
        /// Use TLS when the server offers it, without checking its certificate (libpq's default, `prefer`; also
        /// `allow`).
        case prefer
        /// Always use TLS, without checking the certificate (`require`).
        case require
        /// Always use TLS and check the certificate and host name (`verify-ca`, `verify-full`).
        case verify
    }

    /// The host name or address.
    public var host: String
    /// The port.
    public var port: Int
    /// The user.
    public var user: String
    /// The password, if any.
    public var password: String?
    /// The database.
    public var database: String
    /// How to use TLS.
    public var tls: TLSMode
    /// The schema that holds Tally's tables (`?schema=`), or `nil` for the user's default search path.
    public var schema: String?

    /// Whether a `--db` value names a PostgreSQL database rather than a file.
    public static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// Parses a URL.
    ///
    /// - Throws: ``PostgresStoreError`` with code `invalidURL`, naming the part that is wrong.
    public init(_ text: String) throws {
        func invalid(_ why: Localized<String>) -> PostgresStoreError {
            PostgresStoreError(
                .invalidURL,
                Localized(
                    zh:
                        "“\(Self.redacted(text))”不是 PostgreSQL 网址：\(why.zh)；应为如 postgres://user:password@127.0.0.1:5432/tally?sslmode=disable",
                    en:
                        "'\(Self.redacted(text))' is not a PostgreSQL URL: \(why.en); expected e.g. postgres://user:password@127.0.0.1:5432/tally?sslmode=disable"
                )
            )
        }
        guard Self.isPostgres(text) else {
            throw invalid(
                Localized(
                    zh: "必须以 postgres:// 或 postgresql:// 开头", en: "it must start with postgres:// or postgresql://"))
        }
        guard let url = URLComponents(string: text) else {
            throw invalid(Localized(zh: "无法解析", en: "it cannot be parsed"))
        }
        guard let host = url.host, !host.isEmpty else { throw invalid(Localized(zh: "没有指明主机", en: "it names no host")) }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = url.port ?? 5432
        guard (1...65535).contains(port) else {
            throw invalid(Localized(zh: "端口 \(port) 超出范围", en: "the port \(port) is out of range"))
        }
        guard let user = url.user, !user.isEmpty else {
            throw invalid(Localized(zh: "没有指明用户（user@host）", en: "it names no user (user@host)"))
        }
        self.user = user
        password = url.password
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? user : path
        tls = .prefer
        schema = nil
        for item in url.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                switch value {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require": tls = .require
                case "verify-ca", "verify-full": tls = .verify
                default:
                    throw invalid(
                        Localized(
                            zh: "sslmode“\(value)”不是 disable、allow、prefer、require、verify-ca、verify-full 之一",
                            en:
                                "sslmode '\(value)' is not one of disable, allow, prefer, require, verify-ca, verify-full"
                        ))
                }
            case "schema", "currentSchema":
                guard Self.isIdentifier(value) else {
                    throw invalid(
                        Localized(
                            zh: "模式“\(value)”只能由字母、数字和下划线组成，且不能以数字开头",
                            en:
                                "the schema '\(value)' must be letters, digits and underscores, not starting with a digit"
                        ))
                }
                schema = value
            case "connect_timeout", "application_name":
                continue
            default:
                throw invalid(
                    Localized(
                        zh: "不支持选项“\(item.name)”（支持：sslmode、schema）",
                        en: "the option '\(item.name)' is not supported (supported: sslmode, schema)"))
            }
        }
    }

    /// The URL without the password, for messages.
    public var redacted: String {
        var text = "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        if let schema { text += "?schema=\(schema)" }
        return text
    }

    /// A URL text with any password replaced by `***`.
    static func redacted(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at else {
            return text
        }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 63 else { return false }
        func letter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "_" }
        return letter(first) && name.unicodeScalars.allSatisfy { letter($0) || ("0"..."9").contains($0) }
    }
}
