internal import HTTPTypes
internal import Tally
internal import TallyRender
internal import TallyText
internal import TallyTransfer

/// The import page's steps (a dry run, an import) run in the background for a page with script, which shows their
/// progress by asking `GET /api/import/jobs/{id}` and then opens the step's page, `GET /import/jobs/{id}`. Bounded:
/// one running job per user, at most ``maxJobs`` kept, a finished one forgotten ``lifetime`` seconds after it
/// ended (the oldest finished first when the list is full); each job also takes a place of the heavy requests while
/// it reads.
public final class ImportJobs: Sendable {
    /// One step and how far it has come.
    struct Job: Sendable {
        /// Its random id, which the page asks for.
        let id: String
        /// Who started it: only they may see it.
        let owner: String
        /// The uploaded file's name.
        let file: String
        /// Whether it is the import (else the dry run).
        let applies: Bool
        /// How far the server has read the file; `nil` before the first reading began.
        var progress: UploadProgress?
        /// The step's page once it has ended.
        var page: Finished?
        /// When it ended, seconds since 1970.
        var ended: Int64?
    }

    /// The page a finished step shows.
    struct Finished: Sendable {
        let html: String
        let status: HTTPResponse.Status
    }

    /// How long a finished job's page is kept, in seconds.
    let lifetime: Int64
    /// How many jobs are kept in all.
    let maxJobs: Int
    private let jobs = Locked<[Job]>([])

    /// Jobs kept `lifetime` seconds after they end, at most `maxJobs` at once.
    public init(lifetime: Int64 = 10 * 60, maxJobs: Int = 32) {
        self.lifetime = lifetime
        self.maxJobs = maxJobs
    }

    /// Starts a job for `owner` reading `file`: its id.
    ///
    /// - Throws: ``ServerError`` `import.running` (409) when the owner has a job running, `server.busy` (503)
    ///   when ``maxJobs`` are running.
    func start(owner: String, file: String, applies: Bool, now: Int64) throws -> String {
        let id = String(Secret.make().prefix(24))
        let refusal = jobs.withLock { list -> ServerError? in
            list.removeAll { job in job.ended.map { now - $0 > lifetime } ?? false }
            if let running = list.first(where: { $0.owner == owner && $0.page == nil }) {
                return ServerError(
                    .conflict, "import.running",
                    Localized(
                        zh: "\(running.file) 还在处理中；请等它完成后再上传或导入",
                        en: "\(running.file) is still being processed; wait for it to finish before the next step"))
            }
            while list.count >= maxJobs, let oldest = list.firstIndex(where: { $0.page != nil }) {
                list.remove(at: oldest)
            }
            guard list.count < maxJobs else {
                var busy = ServerError(
                    .serviceUnavailable, "server.busy",
                    Localized(
                        zh: "服务器正在处理\(maxJobs)个导入；请稍后再试",
                        en: "the server is busy with \(maxJobs) imports; try again shortly"))
                busy.retryAfter = 5
                return busy
            }
            list.append(Job(id: id, owner: owner, file: file, applies: applies))
            return nil
        }
        if let refusal { throw refusal }
        return id
    }

    /// Records how far a job has come.
    func report(_ id: String, _ progress: UploadProgress) {
        jobs.withLock { list in
            if let i = list.firstIndex(where: { $0.id == id }) { list[i].progress = progress }
        }
    }

    /// Records a job's page: it has ended.
    func finish(_ id: String, html: String, status: HTTPResponse.Status, now: Int64) {
        jobs.withLock { list in
            guard let i = list.firstIndex(where: { $0.id == id }) else { return }
            list[i].page = Finished(html: html, status: status)
            list[i].ended = now
        }
    }

    /// The owner's job with `id`, unless it was forgotten.
    func job(_ id: String, owner: String, now: Int64) -> Job? {
        jobs.value.first { job in
            job.id == id && job.owner == owner && !(job.ended.map { now - $0 > lifetime } ?? false)
        }
    }

    /// How many jobs are kept.
    var count: Int { jobs.value.count }

    /// The refusal of a job that is not (or no longer) there.
    static let unknown = ServerError(
        .notFound, "import.jobExpired",
        Localized(
            zh: "找不到这次导入的进度（已过期或不是您的）；请重新上传文件",
            en: "this import's progress is gone (expired, or not yours); upload the file again"))
}

extension ImportJobs.Job {
    /// What the page shows now, in `language`: how far the server has read the file, or that it has finished.
    func message(_ language: Language) -> String {
        if page != nil { return Label.jobDone.text(language) }
        guard let progress else { return Label.jobWaiting.text(language, file) }
        return progress.message(file: file)(language)
    }

    /// The job as `GET /api/import/jobs/{id}` answers it.
    func json(_ language: Language) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("state", .string(page == nil ? "running" : "done")), ("step", .string(applies ? "import" : "dry_run")),
            ("file", .string(file)),
        ]
        if let progress {
            members += [
                ("reading", .int(progress.reading)), ("readings", .int(progress.readings)),
                ("rows", .int(progress.progress.rows)), ("rows_per_second", .int(progress.progress.rowsPerSecond)),
            ]
            if let fraction = progress.fraction { members.append(("percent", .int(Int(fraction * 100)))) }
            if let left = progress.secondsLeft { members.append(("seconds_left", .int(left))) }
        }
        members += [("message", .string(message(language))), ("page", .string("\(ImportPage.jobPath)/\(id)"))]
        return .object(members)
    }
}
