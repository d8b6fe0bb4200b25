/// A quick look at the shape of a YAML text before it is parsed: refuses aliases and deep nesting.
///
/// An alias (`*name`) repeats an anchored node; nested aliases make a "billion laughs" document, a few lines
/// that expand into billions of nodes and hang or exhaust any program that walks them (and the YAML library
/// hashes mapping keys, so an alias used as a key is enough). A metadata file has no need for aliases, so they
/// are refused. Nesting deeper than ``maximumNesting`` is refused too: the parser recurses once per level.
///
/// The scan follows YAML's lexical rules closely enough for that purpose: quoted scalars (which may span
/// lines), comments, block scalars (`|`, `>`), flow collections (`[ ]`, `{ }`) and the indentation of block
/// collections. An alias is only recognised where a node starts, so `2 * 3` or `a*b` in a plain scalar is text.
enum YAMLShape {
    /// The deepest nesting accepted; Tally's metadata needs about six levels.
    static let maximumNesting = 32

    /// What was found.
    enum Problem: Equatable {
        /// An alias such as `*name` on the 1-based `line`.
        case alias(name: String, line: Int)
        /// Nesting deeper than ``maximumNesting`` on the 1-based `line`.
        case tooDeep(line: Int)
    }

    /// The first problem in `text`, or `nil` when it has neither aliases nor deep nesting.
    static func check(_ text: String) -> Problem? {
        var copy = text
        return copy.withUTF8 { check(bytes: $0) }
    }

    /// The first problem in UTF-8 `bytes`.
    static func check(bytes b: UnsafeBufferPointer<UInt8>) -> Problem? {
        let space: UInt8 = 0x20
        let tab: UInt8 = 0x09
        let lf: UInt8 = 0x0A
        let cr: UInt8 = 0x0D
        func isBreak(_ c: UInt8) -> Bool { c == lf || c == cr }
        func isBlank(_ c: UInt8) -> Bool { c == space || c == tab }
        let n = b.count
        var i = 0
        var line = 1
        var indents: [Int] = []
        var flowDepth = 0
        var blockScalarParent: Int?  // indentation of the line that started a block scalar

        /// The index after the line break at `k` (CRLF counts once).
        func afterBreak(_ k: Int) -> Int { b[k] == cr && k + 1 < n && b[k + 1] == lf ? k + 2 : k + 1 }
        /// Whether the byte at `k` ends a token: a blank, a line break or the end of the text.
        func endsToken(_ k: Int) -> Bool { k >= n || isBlank(b[k]) || isBreak(b[k]) }

        while i < n {
            // At the start of a line.
            var indent = 0
            while i + indent < n, b[i + indent] == space { indent += 1 }
            var k = i + indent
            let blankLine = k >= n || isBreak(b[k]) || b[k] == tab && isBlankLine(b, from: k)
            if let parent = blockScalarParent {
                if blankLine || indent > parent {
                    // Block scalar content: skip the line.
                    while k < n, !isBreak(b[k]) { k += 1 }
                    if k < n { k = afterBreak(k) }
                    i = k
                    line += 1
                    continue
                }
                blockScalarParent = nil
            }
            if blankLine || b[k] == UInt8(ascii: "#") {
                while k < n, !isBreak(b[k]) { k += 1 }
                if k < n { k = afterBreak(k) }
                i = k
                line += 1
                continue
            }
            if flowDepth == 0 {
                while let last = indents.last, last > indent { indents.removeLast() }
                if indents.last.map({ $0 < indent }) ?? true { indents.append(indent) }
            }
            var compact = 0  // `- - x` and `? x` nest within one line
            let lineStart = i
            // The column of the last key or entry indicator on this line: a block scalar after it must be
            // indented further (`- a: |` → more than the column of `a`).
            var nodeColumn = indent
            var atNodeStart = true
            var endOfLine = false
            while !endOfLine, k < n {
                let c = b[k]
                if isBreak(c) {
                    k = afterBreak(k)
                    line += 1
                    break
                }
                if isBlank(c) {
                    k += 1
                    continue
                }
                if indents.count + compact + flowDepth > maximumNesting { return .tooDeep(line: line) }
                if c == UInt8(ascii: "#") && (k == 0 || isBlank(b[k - 1])) {
                    while k < n, !isBreak(b[k]) { k += 1 }
                    continue
                }
                if flowDepth > 0 {
                    switch c {
                    case UInt8(ascii: ","):
                        atNodeStart = true
                        k += 1
                        continue
                    case UInt8(ascii: "]"), UInt8(ascii: "}"):
                        flowDepth -= 1
                        atNodeStart = false
                        k += 1
                        continue
                    default:
                        break
                    }
                }
                if c == UInt8(ascii: ":") && (endsToken(k + 1) || flowDepth > 0) {
                    atNodeStart = true
                    k += 1
                    continue
                }
                guard atNodeStart else {
                    // Inside a plain scalar: `[`, `{` and the rest are text.
                    k += 1
                    continue
                }
                switch c {
                case UInt8(ascii: "-"), UInt8(ascii: "?"):
                    nodeColumn = k - lineStart
                    if endsToken(k + 1) {
                        compact += 1
                        k += 1
                    } else {
                        atNodeStart = false
                        k += 1
                    }
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flowDepth += 1
                    k += 1
                    if indents.count + compact + flowDepth > maximumNesting { return .tooDeep(line: line) }
                case UInt8(ascii: "*"):
                    var end = k + 1
                    while end < n, !endsToken(end), !(flowDepth > 0 && isFlowIndicator(b[end])) { end += 1 }
                    let name = String(decoding: UnsafeBufferPointer(rebasing: b[(k + 1)..<end]), as: UTF8.self)
                    return .alias(name: name, line: line)
                case UInt8(ascii: "&"), UInt8(ascii: "!"):
                    while k < n, !endsToken(k), !(flowDepth > 0 && isFlowIndicator(b[k])) { k += 1 }
                case UInt8(ascii: "|"), UInt8(ascii: ">"):
                    if flowDepth == 0 {
                        blockScalarParent = nodeColumn
                        while k < n, !isBreak(b[k]) { k += 1 }
                        if k < n { k = afterBreak(k) }
                        line += 1
                        endOfLine = true
                    } else {
                        atNodeStart = false
                        k += 1
                    }
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    nodeColumn = k - lineStart
                    let quote = c
                    k += 1
                    while k < n {
                        let q = b[k]
                        if quote == UInt8(ascii: "\"") && q == UInt8(ascii: "\\") {
                            k += 2
                            continue
                        }
                        if q == quote {
                            if quote == UInt8(ascii: "'") && k + 1 < n && b[k + 1] == quote {
                                k += 2
                                continue
                            }
                            k += 1
                            break
                        }
                        if isBreak(q) {
                            k = afterBreak(k)
                            line += 1
                            continue
                        }
                        k += 1
                    }
                    atNodeStart = false
                default:
                    nodeColumn = k - lineStart
                    atNodeStart = false
                    k += 1
                }
            }
            i = k
        }
        return nil
    }

    private static func isFlowIndicator(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ",") || c == UInt8(ascii: "[") || c == UInt8(ascii: "]") || c == UInt8(ascii: "{")
            || c == UInt8(ascii: "}")
    }

    private static func isBlankLine(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var k = start
        while k < b.count, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
        return k >= b.count || b[k] == 0x0A || b[k] == 0x0D
    }
}
