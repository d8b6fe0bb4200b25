import TallyText
import Testing

@testable import TallyCharts

/// A tiny XML well-formedness checker: balanced tags, one root, entities only from the XML five plus numeric
/// references, no raw `<` in attribute values. Returns the problems found (empty when well-formed).
func wellFormednessProblems(_ xml: String) -> [String] {
    var problems: [String] = []
    var stack: [String] = []
    var roots = 0
    let chars = Array(xml)
    var index = 0
    func checkEntities(_ text: ArraySlice<Character>) {
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "&" {
                guard let end = text[i...].firstIndex(of: ";") else {
                    problems.append("unterminated entity")
                    return
                }
                let name = String(text[(i + 1)..<end])
                if !["amp", "lt", "gt", "quot", "apos"].contains(name), !name.hasPrefix("#") {
                    problems.append("unknown entity \(name)")
                }
                i = end
            } else if text[i] == ">" {
                problems.append("raw > in text")
            }
            i += 1
        }
    }
    while index < chars.count {
        if chars[index] == "<" {
            guard let end = chars[index...].firstIndex(of: ">") else {
                problems.append("unterminated tag")
                break
            }
            let inner = chars[(index + 1)..<end]
            if inner.contains("<") { problems.append("< inside a tag") }
            if inner.first == "/" {
                let name = String(inner.dropFirst())
                if stack.popLast() != name { problems.append("unbalanced </\(name)>") }
            } else {
                let name = String(inner.prefix { $0 != " " && $0 != "/" && $0 != "\n" })
                if stack.isEmpty {
                    roots += 1
                    if name != "svg" { problems.append("root is \(name)") }
                }
                if inner.last != "/" { stack.append(name) }
                // Quotes in attributes must balance.
                if inner.filter({ $0 == "\"" }).count % 2 != 0 { problems.append("odd quotes in <\(name)>") }
                checkEntities(inner)
            }
            index = end + 1
        } else {
            let next = chars[index...].firstIndex(of: "<") ?? chars.count
            let text = chars[index..<next]
            if stack.isEmpty, !text.allSatisfy(\.isWhitespace) { problems.append("text outside the root") }
            checkEntities(text)
            index = next
        }
    }
    if !stack.isEmpty { problems.append("unclosed \(stack)") }
    if roots != 1 { problems.append("\(roots) roots") }
    return problems
}

/// The unescaped text of the first `<name ...>` element.
func elementText(_ name: String, in xml: String) -> String? {
    guard let open = xml.firstRange(of: "<\(name)"), let close = xml.firstRange(of: "</\(name)>") else { return nil }
    guard let tagEnd = xml[open.upperBound...].firstIndex(of: ">") else { return nil }
    return unescape(String(xml[xml.index(after: tagEnd)..<close.lowerBound]))
}

/// The value of attribute `name` on the root element.
func rootAttribute(_ name: String, in xml: String) -> String? {
    guard let end = xml.firstIndex(of: ">") else { return nil }
    let tag = xml[..<end]
    guard let start = tag.firstRange(of: " \(name)=\"") else { return nil }
    return String(tag[start.upperBound...].prefix { $0 != "\"" })
}

func unescape(_ text: String) -> String {
    text.replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&quot;", with: "\"")
        .replacing("&#39;", with: "'").replacing("&amp;", with: "&")
}

/// Every decimal number in the markup has at most two decimals.
func numbersHaveAtMostTwoDecimals(_ xml: String) -> Bool {
    let chars = Array(xml)
    var index = 0
    while index < chars.count {
        if chars[index] == ".", index > 0, chars[index - 1].isASCII, chars[index - 1].isNumber {
            var digits = 0
            var next = index + 1
            while next < chars.count, chars[next].isASCII, chars[next].isNumber {
                digits += 1
                next += 1
            }
            if digits > 2 { return false }
        }
        index += 1
    }
    return true
}

/// The checks every chart must pass.
func expectAccessibleAndWellFormed(_ chart: SVGChart, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(wellFormednessProblems(chart.svg) == [], sourceLocation: sourceLocation)
    #expect(elementText("title", in: chart.svg) == chart.title, sourceLocation: sourceLocation)
    #expect(rootAttribute("role", in: chart.svg) == "img", sourceLocation: sourceLocation)
    let labelledBy = rootAttribute("aria-labelledby", in: chart.svg)
    #expect(labelledBy != nil && chart.svg.contains("<title id=\"\(labelledBy!)\">"), sourceLocation: sourceLocation)
    #expect(elementText("desc", in: chart.svg)?.isEmpty == false, sourceLocation: sourceLocation)
    #expect(numbersHaveAtMostTwoDecimals(chart.svg), sourceLocation: sourceLocation)
    #expect(chart.svg.contains(Escape.xmlText(chart.title) + "</text>"), sourceLocation: sourceLocation)
    #expect(rootAttribute("width", in: chart.svg) == SVGWriter.number(chart.width), sourceLocation: sourceLocation)
}

/// Two rectangles share no interior point.
func disjoint(_ a: ChartRect, _ b: ChartRect) -> Bool {
    a.maxX <= b.x || b.maxX <= a.x || a.maxY <= b.y || b.maxY <= a.y
}

/// A name with every character that needs escaping.
let nastyName = "A&B <county> \"x\" 'y'"
