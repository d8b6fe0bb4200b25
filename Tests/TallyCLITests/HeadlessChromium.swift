import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`): commands go to
/// the browser's file descriptor 3 and replies and events come from its descriptor 4, each message one JSON
/// text ended by a NUL byte. No port, no WebSocket, no dependency. Every wait is bounded: a browser that does
/// not answer fails the test instead of hanging it.
final class HeadlessChromium {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    let pid: pid_t
    /// How long one command may take.
    let timeout: Double
    /// The browser's own output (for failures).
    let logPath: String
    private let commands: Int32
    private let replies: Int32
    private let profile: String
    private var buffer: [UInt8] = []
    private var nextID = 1
    private var closed = false

    /// Starts the browser with an empty profile of its own.
    init(executable: String, timeout: Double = 30) throws {
        self.timeout = timeout
        let base = NSTemporaryDirectory() + "tally-cdp-\(UUID().uuidString)"
        profile = base + "-profile"
        logPath = base + ".log"
        // A browser that dies must give an error on write, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        var toBrowser: [Int32] = [0, 0]
        var fromBrowser: [Int32] = [0, 0]
        guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else { throw Failure("pipe() failed: errno \(errno)") }
        // Move every end above the descriptors the child uses, close-on-exec; the child gets 3 and 4 by dup2.
        func high(_ fd: Int32) -> Int32 {
            let moved = fcntl(fd, F_DUPFD_CLOEXEC, 10)
            Glibc.close(fd)
            return moved
        }
        let childReads = high(toBrowser[0])
        commands = high(toBrowser[1])
        replies = high(fromBrowser[0])
        let childWrites = high(fromBrowser[1])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, childReads, 3)
        posix_spawn_file_actions_adddup2(&actions, childWrites, 4)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = [
            executable, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--no-default-browser-check", "--disable-dev-shm-usage", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--disable-component-update",
            "--remote-debugging-pipe", "--user-data-dir=" + profile, "about:blank",
        ]
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] =
            ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, executable, &actions, nil, argv, envp)
        Glibc.close(childReads)
        Glibc.close(childWrites)
        guard spawned == 0 else {
            Glibc.close(commands)
            Glibc.close(replies)
            throw Failure("could not start \(executable): error \(spawned)")
        }
        pid = child
        do {
            _ = try send("Browser.getVersion")
        } catch {
            close()
            throw Failure("Chromium did not answer on its DevTools pipe: \(error); its output: \(log)")
        }
    }

    deinit { close() }

    /// The browser's output so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Sends a command and waits for its reply; events that arrive meanwhile are dropped.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], session: String? = nil) throws -> [String: Any] {
        guard !closed else { throw Failure("\(method): the browser is closed") }
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        var data = try JSONSerialization.data(withJSONObject: message)
        data.append(0)
        try write(data, method)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try receive(until: deadline, method)
            guard (reply["id"] as? Int) == id else { continue }
            if let error = reply["error"] as? [String: Any] {
                throw Failure("\(method): \(error["message"] ?? error)")
            }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    private func write(_ data: Data, _ method: String) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(commands, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw Failure("\(method): the browser's pipe is closed (errno \(errno))") }
                offset += n
            }
        }
    }

    /// The next whole message, waiting at most until `deadline`.
    private func receive(until deadline: Date, _ method: String) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let text = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                if let object = try JSONSerialization.jsonObject(with: text) as? [String: Any] { return object }
                continue
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw Failure("\(method): no answer from Chromium within \(Int(timeout)) s") }
            var poller = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(left, 1) * 1000) + 1)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(replies, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Failure("\(method): Chromium closed its DevTools pipe; its output: \(log)") }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// A new tab; `isolated` gives it a browser context of its own (its own cookies), like a second person
    /// at another computer.
    func newTab(isolated: Bool = true, width: Int = 1200, height: Int = 900) throws -> Tab {
        var params: [String: Any] = ["url": "about:blank"]
        if isolated {
            params["browserContextId"] = try send("Target.createBrowserContext")["browserContextId"]
        }
        guard let target = try send("Target.createTarget", params)["targetId"] as? String,
            let session = try send("Target.attachToTarget", ["targetId": target, "flatten": true])["sessionId"]
                as? String
        else { throw Failure("Chromium gave no target or session for a new tab") }
        let tab = Tab(browser: self, session: session)
        try tab.command(
            "Emulation.setDeviceMetricsOverride",
            ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false])
        return tab
    }

    /// Closes the browser: politely, then by force; waits for it (bounded) and removes its profile.
    func close() {
        guard !closed else { return }
        _ = try? send("Browser.close")
        closed = true
        Glibc.close(commands)
        Glibc.close(replies)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(10)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(50_000)
        }
        try? FileManager.default.removeItem(atPath: profile)
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// One page, attached with its own DevTools session.
    final class Tab {
        unowned let browser: HeadlessChromium
        let session: String

        init(browser: HeadlessChromium, session: String) {
            self.browser = browser
            self.session = session
        }

        @discardableResult
        func command(_ method: String, _ params: [String: Any] = [:]) throws -> [String: Any] {
            try browser.send(method, params, session: session)
        }

        /// The value of a JavaScript expression (a promise is awaited); a thrown exception fails.
        func evaluate(_ expression: String) throws -> Any? {
            let reply = try command(
                "Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
            if let exception = reply["exceptionDetails"] as? [String: Any] {
                let detail = (exception["exception"] as? [String: Any])?["description"] ?? exception["text"] ?? ""
                throw Failure("JavaScript failed: \(detail) in: \(expression.prefix(200))")
            }
            return (reply["result"] as? [String: Any])?["value"]
        }

        /// A string as a JavaScript literal.
        static func literal(_ text: String) -> String {
            let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
            return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
        }

        /// Any JSON value as a JavaScript literal.
        static func literal(json: Any) -> String {
            let data = (try? JSONSerialization.data(withJSONObject: [json])) ?? Data("[null]".utf8)
            return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
        }

        var url: String { ((try? evaluate("location.href")) as? String) ?? "" }

        /// Marks the current document, so that a new one can be told from it. The mark is on the document's root
        /// element, not on `window`: a page whose script writes the server's answer over itself (`document.open`,
        /// as the import page does with a refusal) keeps its window but gets a new root element.
        func markPage() throws { _ = try evaluate("document.documentElement.__tallyOld = true") }

        /// Waits until a new document (not the marked one) has loaded: after a navigation, or after the page's
        /// script wrote a new one, but not while the old one still shows the script's progress.
        func waitForNewPage(seconds: Double = 30) throws {
            let deadline = Date().addingTimeInterval(seconds)
            var lastError: (any Error)?
            while Date() < deadline {
                do {
                    if try evaluate("!document.documentElement.__tallyOld && document.readyState === 'complete'")
                        as? Bool == true
                    {
                        return
                    }
                } catch {
                    lastError = error  // the old document went away mid-evaluation
                }
                usleep(50_000)
            }
            throw Failure("no new page loaded within \(Int(seconds)) s (\(lastError.map { "\($0)" } ?? url))")
        }

        /// Opens `url` and waits until it has loaded.
        func go(_ url: String) throws {
            try markPage()
            let reply = try command("Page.navigate", ["url": url])
            if let error = reply["errorText"] as? String { throw Failure("could not open \(url): \(error)") }
            try waitForNewPage()
        }

        /// Clicks the element's centre with the mouse, as a person would.
        func click(_ selector: String) throws {
            let point = try evaluate(
                """
                (() => { const e = document.querySelector(\(Self.literal(selector)));
                  if (!e) return null;
                  e.scrollIntoView({block: 'center'});
                  const r = e.getBoundingClientRect();
                  return [r.left + r.width / 2, r.top + r.height / 2]; })()
                """)
            guard let point = point as? [Any], point.count == 2, let x = number(point[0]), let y = number(point[1])
            else { throw Failure("nothing on \(url) matches \(selector)") }
            for type in ["mouseMoved", "mousePressed", "mouseReleased"] {
                try command(
                    "Input.dispatchMouseEvent",
                    [
                        "type": type, "x": x, "y": y, "button": "left", "buttons": type == "mousePressed" ? 1 : 0,
                        "clickCount": 1,
                    ])
            }
        }

        /// Chooses files for a file input (`<input type=file>`), as a person picking them would.
        func choose(_ selector: String, files: [String]) throws {
            let reply = try command(
                "Runtime.evaluate", ["expression": "document.querySelector(\(Self.literal(selector)))"])
            guard let id = (reply["result"] as? [String: Any])?["objectId"] as? String else {
                throw Failure("nothing on \(url) matches \(selector)")
            }
            try command("DOM.setFileInputFiles", ["files": files, "objectId": id])
        }

        /// Clicks, then waits (at most `seconds`) for the page the click leads to.
        func clickAndWait(_ selector: String, seconds: Double = 30) throws {
            try markPage()
            try click(selector)
            try waitForNewPage(seconds: seconds)
        }

        /// Clicks into a field, selects what it holds and types `text` over it.
        func type(_ selector: String, _ text: String) throws {
            try click(selector)
            _ = try evaluate("document.querySelector(\(Self.literal(selector))).select()")
            try typeHere(text)
        }

        /// Types into the focused element.
        func typeHere(_ text: String) throws {
            try command("Input.insertText", ["text": text])
        }

        /// Presses Enter on the focused element.
        func pressEnter() throws {
            let key: [String: Any] = ["key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13]
            try command("Input.dispatchKeyEvent", key.merging(["type": "keyDown", "text": "\r"]) { $1 })
            try command("Input.dispatchKeyEvent", key.merging(["type": "keyUp"]) { $1 })
        }

        /// The trimmed text of the first element matching `selector`, or nil.
        func text(_ selector: String) throws -> String? {
            try evaluate("document.querySelector(\(Self.literal(selector)))?.textContent.trim() ?? null") as? String
        }

        /// A request from the page with its cookies (`fetch`, same origin, redirects not followed): the
        /// status (0 for a redirect) and the body.
        func fetch(
            _ path: String, method: String = "POST", headers: [String: String] = [:], body: String? = nil
        ) throws -> (status: Int, body: String) {
            var options: [String: Any] = [
                "method": method, "headers": headers, "redirect": "manual", "credentials": "same-origin",
            ]
            if let body { options["body"] = body }
            let reply = try evaluate(
                """
                fetch(\(Self.literal(path)), \(Self.literal(json: options)))
                  .then(r => r.text().then(t => [r.status, t]))
                """)
            guard let pair = reply as? [Any], pair.count == 2, let status = number(pair[0]) else {
                throw Failure("fetch \(path) gave no answer")
            }
            return (Int(status), pair[1] as? String ?? "")
        }

        /// A screenshot of the whole page as PNG.
        func screenshot() throws -> Data {
            let reply = try command("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true])
            guard let text = reply["data"] as? String, let data = Data(base64Encoded: text) else {
                throw Failure("Chromium gave no screenshot")
            }
            return data
        }

        private func number(_ value: Any) -> Double? {
            if let d = value as? Double { return d }
            if let i = value as? Int { return Double(i) }
            return (value as? NSNumber)?.doubleValue
        }
    }
}
