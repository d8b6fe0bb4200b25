internal import Foundation
public import TallyText

#if canImport(Glibc)
    internal import Glibc
#endif

/// A temporary file, deleted as soon as it is opened: appended to through a buffer, read back anywhere.
public final class SpillFile {
    private let fd: Int32
    private let directory: String
    private var buffer: [UInt8] = []
    private var flushed: Int64 = 0
    /// Bytes appended so far.
    public var size: Int64 { flushed + Int64(buffer.count) }

    public static let bufferSize = 1 << 20

    /// Opens a new temporary file in `TMPDIR` (or `/tmp`); `purpose` names it in errors.
    public init(purpose: Localized<String>) throws {
        directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(directory)/tally-import-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw StoreError(
                .database,
                Localized(
                    zh:
                        "无法在 \(directory) 为本次导入的\(purpose.zh)创建临时文件（\(String(cString: strerror(errno)))）；请把 TMPDIR 设为有空间的目录",
                    en:
                        "cannot create a temporary file for the \(purpose.en) of this import in \(directory) (\(String(cString: strerror(errno)))); set TMPDIR to a directory with room"
                ))
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit { close(fd) }

    /// Appends bytes; returns the offset they start at.
    public func append(_ bytes: UnsafeRawBufferPointer) throws -> Int64 {
        let offset = size
        if buffer.count + bytes.count > Self.bufferSize { try flush() }
        if bytes.count > Self.bufferSize {
            try write(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
        return offset
    }

    /// Reads `into.count` bytes starting at `offset`.
    public func read(at offset: Int64, into: UnsafeMutableRawBufferPointer) throws {
        if offset + Int64(into.count) > flushed { try flush() }
        var done = 0
        while done < into.count {
            let n = pread(fd, into.baseAddress! + done, into.count - done, off_t(offset) + off_t(done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw problem(Localized(zh: "读取", en: "read")) }
            done += n
        }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(flushed))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw problem(Localized(zh: "写入", en: "write")) }
            done += n
            flushed += Int64(n)
        }
    }

    private func problem(_ what: Localized<String>) -> StoreError {
        StoreError(
            .database,
            Localized(
                zh:
                    "无法\(what.zh)导入的临时文件（在 \(directory) 中，\(String(cString: strerror(errno)))）；请在该处腾出磁盘空间，或把 TMPDIR 设为有空间的目录",
                en:
                    "cannot \(what.en) the import's temporary file in \(directory) (\(String(cString: strerror(errno)))); free some disk space there or set TMPDIR to a directory with room"
            ))
    }
}
