internal import ArgumentParser
internal import Foundation
internal import Tally
internal import TallyCore
internal import TallyStore
internal import TallyText

#if canImport(Glibc)
    internal import Glibc
#endif

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the users of tally serve: add, passwd, list, disable, token, tokens, revoke-token.",
        discussion: """
            Examples:
              tally user add admin --role admin --orgunit 360121000000
              tally user add 李明 --display-name '李明（甲镇）' --role clerk --orgunit 360121101000
              printf '%s\\n' "$PASSWORD" | tally user add li.ming --role clerk --orgunit 360121101201
              tally user list
              tally user passwd li.ming
              tally user disable li.ming
              tally user token importer --days 90      # prints a bearer token for API clients, once
              tally user tokens importer               # lists the importer's tokens: id, label, created, expires
              tally user revoke-token importer 3f9a0c1d2e4b5a6f
              TALLY_DB='postgres://tally:secret@127.0.0.1:5432/tally' tally user list
            Passwords are read from standard input (one line) or asked for on a terminal; never give them as
            arguments. Roles: admin (reads and writes the subtree, reopens periods), analyst (reads the subtree),
            clerk (writes the subtree while the period is open). A token lasts 90 days unless --days says
            otherwise, at most 365; a new password or disabling the user ends all of the user's tokens.
            """,
        subcommands: [Add.self, Passwd.self, List.self, Disable.self, Token.self, Tokens.self, RevokeToken.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a user; the password comes from standard input or a prompt.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The user name.", valueName: "name")) var name: String
        @Option(help: ArgumentHelp("admin, analyst or clerk.", valueName: "role")) var role: String
        @Option(help: ArgumentHelp("The code of the org unit at the top of the user's subtree.", valueName: "code"))
        var orgunit: String
        @Option(help: ArgumentHelp("The name people read (default: none).", valueName: "text"))
        var displayName = ""

        func run() throws {
            guard let role = UserRole(rawValue: role) else {
                throw usageError(
                    zh: "--role 应为 admin、analyst 或 clerk，而不是“\(role)”",
                    en: "--role is admin, analyst or clerk, not '\(role)'")
            }
            let workspace = try Workspace.open(path: database.path)
            let accounts = try UserCommand.accounts(workspace)
            let name = try UserCommand.canonical(name)
            let password = try UserCommand.readPassword(prompt: "Password for \(name): ", confirm: true)
            try accounts.addUser(
                name: name, displayName: displayName, password: password, role: role, orgUnit: orgunit,
                units: Set(workspace.tree.index.keys),
                now: Console.now)
            let unit = workspace.tree.index[orgunit].map { workspace.tree.units[$0].name } ?? orgunit
            print("Added \(name) (\(role.rawValue), \(orgunit) \(unit)).")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passwd",
            abstract: "Set a user's password; the user's sessions and API tokens end.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The user name.", valueName: "name")) var name: String

        func run() throws {
            let (accounts, name) = try UserCommand.accounts(database, user: name)
            let password = try UserCommand.readPassword(prompt: "New password for \(name): ", confirm: true)
            try accounts.setPassword(name: name, password: password)
            print("Changed the password of \(name); the user's sessions and API tokens have ended.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users.")
        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let workspace = try Workspace.open(path: database.path)
            let users = try UserCommand.accounts(workspace).store.users()
            if users.isEmpty {
                print("No users yet; add one with: tally user add NAME --role admin --orgunit CODE")
                return
            }
            for user in users {
                let unit = workspace.tree.index[user.orgUnit].map { workspace.tree.units[$0].name } ?? "?"
                let flags = [user.disabled ? "disabled" : nil, user.mustChangePassword ? "must-change-password" : nil]
                    .compactMap { $0 }
                print(
                    ([user.name, user.role.rawValue, "\(user.orgUnit) \(unit)"] + flags
                        + (user.displayName.isEmpty ? [] : [user.displayName])).joined(separator: "\t"))
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable",
            abstract: "Disable a user (sessions end, tokens are revoked), or enable again with --enable.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The user name.", valueName: "name")) var name: String
        @Flag(help: "Enable the user again.") var enable = false

        func run() throws {
            let (accounts, name) = try UserCommand.accounts(database, user: name)
            try accounts.store.setDisabled(user: name, disabled: !enable)
            print(enable ? "Enabled \(name)." : "Disabled \(name); the user's sessions and API tokens have ended.")
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Create an API bearer token for a user; it is printed once and stored only hashed.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The user name.", valueName: "name")) var name: String
        @Option(help: ArgumentHelp("A label to recognise the token by.", valueName: "text")) var label = "cli"
        @Option(help: ArgumentHelp("Days until it expires: 1 to 365 (default: 90).", valueName: "n")) var days: Int?

        func validate() throws {
            do throws(AccountError) {
                _ = try Accounts.tokenLifetime(days: days)
            } catch {
                throw usageError(zh: "--days：" + error.message(.zh), en: "--days: " + error.message(.en))
            }
        }

        func run() throws {
            let (accounts, name) = try UserCommand.accounts(database, user: name)
            guard let (user, _) = try accounts.store.user(named: name), !user.disabled else {
                throw usageError(zh: "没有名为“\(name)”的启用用户", en: "there is no enabled user named '\(name)'")
            }
            print(try accounts.createToken(user: name, label: label, now: Console.now, days: days).secret)
        }
    }

    struct Tokens: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tokens",
            abstract: "List a user's API tokens that have not ended: id, label, created, expires (never the secret).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The user name.", valueName: "name")) var name: String

        func run() throws {
            let (accounts, name) = try UserCommand.accounts(database, user: name)
            let tokens = try accounts.tokens(user: name, now: Console.now)
            if tokens.isEmpty { print("\(name) has no API tokens.") }
            for token in tokens {
                print(
                    "\(token.id)\t\(token.label)\t\(Timestamp.format(token.created))\t\(Timestamp.format(Accounts.end(of: token)))"
                )
            }
        }
    }

    struct RevokeToken: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-token", abstract: "Revoke one of a user's API tokens, named by its id from 'tokens'.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The user name.", valueName: "name")) var name: String
        @Argument(help: ArgumentHelp("The id 'tally user tokens' lists.", valueName: "id")) var id: String

        func run() throws {
            let (accounts, name) = try UserCommand.accounts(database, user: name)
            guard try accounts.revokeToken(user: name, id: id) else {
                throw usageError(
                    zh: "\(name) 没有编号为“\(id)”的 API 令牌；“tally user tokens \(name)”可列出其令牌",
                    en: "\(name) has no API token with the id '\(id)'; 'tally user tokens \(name)' lists them")
            }
            print("Revoked \(name)'s token \(id).")
        }
    }

    /// The accounts of the database and the canonical form of the user name given as an argument.
    static func accounts(_ database: DatabaseOptions, user name: String) throws -> (Accounts, String) {
        (try accounts(try Workspace.open(path: database.path)), try canonical(name))
    }

    /// The canonical form of a user name given as an argument (see ``Accounts/canonicalName(_:)``).
    static func canonical(_ name: String) throws -> String {
        do throws(AccountError) {
            return try Accounts.canonicalName(name)
        } catch {
            throw ValidationError(error.message(CommandLineLanguage.current))
        }
    }

    static func accounts(_ workspace: Workspace) throws -> Accounts {
        guard let store = workspace.store as? any AccountStore else {
            throw usageError(
                zh: "数据库 \(workspace.store.location) 不保存用户账户",
                en: "the database \(workspace.store.location) keeps no accounts")
        }
        return Accounts(store: store)
    }

    /// A password from standard input: asked for without echo on a terminal, else the first line.
    static func readPassword(prompt: String, confirm: Bool) throws -> String {
        guard isatty(0) == 1 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw usageError(zh: "请在标准输入中给出密码（一行）", en: "give the password on standard input (one line)")
            }
            return line
        }
        func ask(_ text: String) -> String {
            FileHandle.standardError.write(Data(text.utf8))
            var saved = termios()
            tcgetattr(0, &saved)
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSANOW, &silent)
            defer {
                tcsetattr(0, TCSANOW, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            return readLine(strippingNewline: true) ?? ""
        }
        let password = ask(prompt)
        if confirm, ask("Again: ") != password {
            throw usageError(zh: "两次输入的密码不一致；未作任何更改", en: "the two passwords differ; nothing changed")
        }
        return password
    }
}
