internal import Foundation
internal import HTTPTypes
internal import Tally
internal import TallyText

/// Files uploaded on the import page and checked by a dry run, kept until their user imports them: each in a file
/// of a private directory, for at most ``lifetime`` seconds, at most ``maxPerUser`` per user and ``maxPending`` in
/// all (the oldest goes first), so that what the server keeps stays bounded.
public final class PendingUploads: Sendable {
    /// One upload waiting to be imported.
    struct Entry: Sendable {
        /// Its random id, which the page's import form sends back.
        let id: String
        /// Who uploaded it: only they may import it.
        let owner: String
        /// The file and how to read it.
        let upload: DataUpload
        /// The dry run's fingerprint of the values it touches.
        var fingerprint: String
        /// When it was uploaded, seconds since 1970.
        let created: Int64
    }

    /// How long an upload is kept, in seconds.
    let lifetime: Int64
    /// How many uploads one user may have waiting.
    let maxPerUser: Int
    /// How many uploads may wait in all.
    let maxPending: Int
    /// The private directory holding the files.
    let directory: String
    private let entries = Locked<[Entry]>([])

    /// A place for pending uploads in a new private directory under the system's temporary directory.
    public init(lifetime: Int64 = 30 * 60, maxPerUser: Int = 3, maxPending: Int = 32) {
        self.lifetime = lifetime
        self.maxPerUser = maxPerUser
        self.maxPending = maxPending
        let directory = NSTemporaryDirectory() + "tally-uploads-" + Secret.make().prefix(16)
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        self.directory = directory
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Writes `bytes` to a new file of the directory, named by a random id and the upload's file name's suffix (so
    /// that the readers tell `.csv.gz` from `.xlsx`): the id and the path.
    func store(_ bytes: [UInt8], name: String) throws -> (id: String, path: String) {
        let id = String(Secret.make().prefix(24))
        let path = "\(directory)/\(id)\(Self.suffix(of: name))"
        guard
            FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
        else {
            throw ServerError(
                .internalServerError, "import.storage",
                Localized(zh: "无法保存上传的文件", en: "the uploaded file could not be kept"))
        }
        return (id, path)
    }

    /// The suffix of a file name among those the readers know (`.csv`, `.json.gz`, `.xlsx`, …), or none.
    static func suffix(of name: String) -> String {
        let lower = name.lowercased()
        let known = [
            ".adx.xml", ".csv.gz", ".csv.zip", ".json.gz", ".json.zip", ".xml.gz", ".xml.zip", ".adx.gz", ".adx.zip",
            ".csv", ".txt", ".json", ".xml", ".adx", ".xlsx", ".gz", ".zip",
        ]
        return known.first { lower.hasSuffix($0) } ?? ""
    }

    /// Keeps an entry, dropping expired ones, the owner's oldest beyond ``maxPerUser`` and the oldest beyond
    /// ``maxPending`` (their files removed).
    func add(_ entry: Entry, now: Int64) {
        let dropped = entries.withLock { list -> [Entry] in
            list.append(entry)
            var dropped: [Entry] = []
            list.removeAll { old in
                let expired = now - old.created > lifetime
                if expired { dropped.append(old) }
                return expired
            }
            while list.filter({ $0.owner == entry.owner }).count > maxPerUser,
                let oldest = list.firstIndex(where: { $0.owner == entry.owner })
            {
                dropped.append(list.remove(at: oldest))
            }
            while list.count > maxPending { dropped.append(list.removeFirst()) }
            return dropped
        }
        for old in dropped { remove(file: old) }
    }

    /// The owner's entry with `id`, unless it expired.
    func entry(_ id: String, owner: String, now: Int64) -> Entry? {
        entries.value.first { $0.id == id && $0.owner == owner && now - $0.created <= lifetime }
    }

    /// Forgets an entry and removes its file.
    func remove(_ id: String) {
        let removed = entries.withLock { list -> [Entry] in
            let gone = list.filter { $0.id == id }
            list.removeAll { $0.id == id }
            return gone
        }
        for entry in removed { remove(file: entry) }
    }

    /// How many uploads are waiting.
    var count: Int { entries.value.count }

    private func remove(file entry: Entry) {
        try? FileManager.default.removeItem(atPath: entry.upload.path)
    }
}
