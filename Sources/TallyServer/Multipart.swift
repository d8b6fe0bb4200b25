internal import Foundation
internal import HTTPTypes
internal import TallyText

/// The parts of a `multipart/form-data` body (RFC 7578), as a browser's `<form enctype="multipart/form-data">`
/// sends a file with its fields: read from a body already bounded by the route's limit, with at most
/// ``maxParts`` parts and ``maxHeaderBytes`` of headers per part. Anything malformed — no or a bad boundary, a
/// part without its name, a body cut short — is refused with 400 `request.multipart`, naming what is wrong.
struct Multipart {
    /// One part: a field's name, the file's name when it is a file, and its bytes.
    struct Part: Equatable {
        var name: String
        var filename: String?
        var body: [UInt8]
    }

    /// The most parts a body may have.
    static let maxParts = 16
    /// The most bytes of headers a part may have.
    static let maxHeaderBytes = 8 * 1024

    /// The parts, in order.
    let parts: [Part]

    /// The text of the first field called `name`, as UTF-8.
    subscript(_ name: String) -> String? {
        parts.first { $0.name == name && $0.filename == nil }.map { String(decoding: $0.body, as: UTF8.self) }
    }

    /// The first part that is a file.
    var file: Part? { parts.first { $0.filename != nil } }

    static func refusal(_ zh: String, _ en: String) -> ServerError {
        ServerError(
            .badRequest, "request.multipart",
            Localized(zh: "上传的表单格式不对：\(zh)", en: "the uploaded form is malformed: \(en)"))
    }

    /// The boundary of a `multipart/form-data` content type: 1 to 70 characters of those RFC 2046 allows.
    static func boundary(contentType: String?) throws -> String {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else {
            throw refusal("应为 multipart/form-data", "expected multipart/form-data")
        }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ")
            guard (1...70).contains(value.count), value.allSatisfy(allowed.contains), value.last != " " else {
                throw refusal(
                    "boundary 不合规定（1至70个字母、数字或 '()+_,-./:=?）",
                    "the boundary is not 1 to 70 letters, digits or '()+_,-./:=?")
            }
            return value
        }
        throw refusal("缺少 boundary", "the boundary is missing")
    }

    /// Reads the parts of `body`.
    init(_ body: [UInt8], boundary: String) throws {
        let delimiter = Array("--\(boundary)".utf8)
        let next = Array("\r\n--\(boundary)".utf8)
        guard body.starts(with: delimiter) else {
            throw Self.refusal("内容不以 boundary 开头", "the body does not begin with the boundary")
        }
        var parts: [Part] = []
        var i = delimiter.count
        while true {
            // After a delimiter: `--` ends the body, CRLF begins a part.
            guard i + 2 <= body.count else { throw Self.refusal("内容不完整", "the body is cut short") }
            if body[i] == 45 && body[i + 1] == 45 { break }
            guard body[i] == 13 && body[i + 1] == 10 else {
                throw Self.refusal("boundary 之后应换行", "a line break must follow the boundary")
            }
            i += 2
            guard parts.count < Self.maxParts else {
                throw Self.refusal("部分多于\(Self.maxParts)个", "it has more than \(Self.maxParts) parts")
            }
            guard let headerEnd = Self.find([13, 10, 13, 10], in: body, from: i, limit: Self.maxHeaderBytes) else {
                throw Self.refusal("一个部分的头没有结束或太长", "a part's headers do not end or are too long")
            }
            let (name, filename) = try Self.disposition(body[i..<headerEnd])
            let start = headerEnd + 4
            // The part ends at the first CRLF, `--` and boundary followed by `--` or CRLF; a line that only
            // begins like the boundary is data.
            var from = start
            var found: Int?
            while let candidate = Self.find(next, in: body, from: from, limit: body.count) {
                let after = candidate + next.count
                if after + 2 <= body.count,
                    body[after] == 45 && body[after + 1] == 45 || body[after] == 13 && body[after + 1] == 10
                {
                    found = candidate
                    break
                }
                from = candidate + 1
            }
            guard let end = found else {
                throw Self.refusal("最后一个部分没有结束", "the last part does not end")
            }
            parts.append(Part(name: name, filename: filename, body: Array(body[start..<end])))
            i = end + next.count
        }
        self.parts = parts
    }

    /// The first index of `pattern` in `body` at or after `from`, starting within `limit` bytes of it.
    static func find(_ pattern: [UInt8], in body: [UInt8], from: Int, limit: Int) -> Int? {
        guard let first = pattern.first, body.count >= pattern.count else { return nil }
        let last = min(body.count - pattern.count, from + limit)
        guard from <= last else { return nil }
        var i = from
        while i <= last {
            if body[i] == first {
                var k = 1
                while k < pattern.count && body[i + k] == pattern[k] { k += 1 }
                if k == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// The field name and file name of a part's `Content-Disposition: form-data; name="…"; filename="…"`.
    static func disposition(_ headers: ArraySlice<UInt8>) throws -> (String, String?) {
        guard let text = String(validating: Array(headers), as: UTF8.self) else {
            throw refusal("一个部分的头不是 UTF-8 文字", "a part's headers are not UTF-8 text")
        }
        for line in text.split(separator: "\r\n") {
            let header = line.split(separator: ":", maxSplits: 1)
            guard header.count == 2,
                header[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition"
            else { continue }
            var name: String?
            var filename: String?
            for parameter in Self.parameters(String(header[1])).dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                var value = pair[1]
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast())
                }
                switch pair[0].lowercased() {
                case "name": name = value
                case "filename":
                    // Some browsers send the whole path: only its last component names the file.
                    filename = String(value.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
                default: break
                }
            }
            guard let name else { break }
            return (name, filename)
        }
        throw refusal("一个部分没有 Content-Disposition 的 name", "a part has no Content-Disposition name")
    }

    /// The `;`-separated parameters of a header value, a `;` inside quotes kept.
    static func parameters(_ value: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                out.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        out.append(current)
        return out
    }
}
