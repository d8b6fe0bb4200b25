internal import ArgumentParser
internal import Foundation
internal import Tally
internal import TallyCore
internal import TallyServer
internal import TallyStore

#if canImport(Glibc)
    internal import Glibc
#endif

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the users of tally serve: add, passwd, list, disable, token.",
        discussion: """
            Examples:
              tally user add admin --role admin --orgunit 360121000000
              printf '%s\\n' "$PASSWORD" | tally user add li.ming --role clerk --orgunit 360121101201
              tally user list
              tally user passwd li.ming
              tally user disable li.ming
              tally user token importer --days 90      # prints a bearer token for API clients, once
              TALLY_DB='postgres://tally:secret@127.0.0.1:5432/tally' tally user list
            Passwords are read from standard input (one line) or asked for on a terminal; never give them as
            arguments. Roles: admin (reads and writes the subtree, reopens periods), analyst (reads the subtree),
            clerk (writes the subtree while the period is open).
            """,
        subcommands: [Add.self, Passwd.self, List.self, Disable.self, Token.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user; the password comes from standard input or a prompt.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The user name.", valueName: "name")) var name: String
        @Option(help: ArgumentHelp("admin, analyst or clerk.", valueName: "role")) var role: String
        @Option(help: ArgumentHelp("The code of the org unit at the top of the user's subtree.", valueName: "code"))
        var orgunit: String

        func run() throws {
            guard let role = UserRole(rawValue: role) else {
                throw ValidationError("--role is admin, analyst or clerk, not '\(role)'")
            }
            let workspace = try Workspace.open(path: database.path)
            let accounts = try UserCommand.accounts(workspace)
            let password = try UserCommand.readPassword(prompt: "Password for \(name): ", confirm: true)
            try accounts.addUser(
                name: name, password: password, role: role, orgUnit: orgunit, units: Set(workspace.tree.index.keys),
                now: Console.now)
            let unit = workspace.tree.index[orgunit].map { workspace.tree.units[$0].name } ?? orgunit
            print("Added \(name) (\(role.rawValue), \(orgunit) \(unit)).")
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a user's password; the user's sessions end.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The user name.", valueName: "name")) var name: String

        func run() throws {
            let accounts = try UserCommand.accounts(try Workspace.open(path: database.path))
            let password = try UserCommand.readPassword(prompt: "New password for \(name): ", confirm: true)
            try accounts.setPassword(name: name, password: password)
            print("Changed the password of \(name); the user's sessions have ended.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users.")
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
                print(
                    "\(user.name)\t\(user.role.rawValue)\t\(user.orgUnit) \(unit)\(user.disabled ? "\tdisabled" : "")")
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a user (sessions end, tokens are revoked), or enable again with --enable.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The user name.", valueName: "name")) var name: String
        @Flag(help: "Enable the user again.") var enable = false

        func run() throws {
            let accounts = try UserCommand.accounts(try Workspace.open(path: database.path))
            try accounts.store.setDisabled(user: name, disabled: !enable)
            print(enable ? "Enabled \(name)." : "Disabled \(name); the user's sessions and API tokens have ended.")
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API bearer token for a user; it is printed once and stored only hashed.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The user name.", valueName: "name")) var name: String
        @Option(help: ArgumentHelp("A label to recognise the token by.", valueName: "text")) var label = "cli"
        @Option(help: ArgumentHelp("Days until it expires (default: never).", valueName: "n")) var days: Int?

        func run() throws {
            let accounts = try UserCommand.accounts(try Workspace.open(path: database.path))
            guard let (user, _) = try accounts.store.user(named: name), !user.disabled else {
                throw ValidationError("there is no enabled user named '\(name)'")
            }
            print(
                try accounts.createToken(
                    user: name, label: label, now: Console.now, lifetime: days.map { Int64($0) * 86_400 }))
        }
    }

    static func accounts(_ workspace: Workspace) throws -> Accounts {
        guard let store = workspace.store as? any AccountStore else {
            throw ValidationError("the database \(workspace.store.location) keeps no accounts")
        }
        return Accounts(store: store)
    }

    /// A password from standard input: asked for without echo on a terminal, else the first line.
    static func readPassword(prompt: String, confirm: Bool) throws -> String {
        guard isatty(0) == 1 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("give the password on standard input (one line)")
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
        if confirm, ask("Again: ") != password { throw ValidationError("the two passwords differ; nothing changed") }
        return password
    }
}
