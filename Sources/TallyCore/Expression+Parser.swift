internal import TallyText

extension Expression {
    /// Parses an expression such as `#{births.male} / (#{births} - 2.5) * 1e3`.
    ///
    /// The grammar, with whitespace allowed between any two tokens:
    /// - `sum := product (('+' | '-' | '−') product)*`
    /// - `product := unary (('*' | '×' | '/' | '÷') unary)*`
    /// - `unary := ('-' | '−') unary | primary`
    /// - `primary := number | '#{' reference '}' | '(' sum ')'`
    /// - `number := digits ['.' digits] [exponent] | '.' digits [exponent]`, exponent `e` or `E`,
    ///   an optional sign and digits.
    ///
    /// Operators are left-associative; unary minus binds tighter than `* /`, which bind tighter than
    /// `+ -`. Errors carry the 1-based character position of the problem.
    public init(parsing text: String) throws(ExpressionError) {
        var parser = ExpressionParser(text: text)
        self = try parser.parse()
    }
}

/// A recursive-descent parser over the characters of one expression.
private struct ExpressionParser {
    /// A parsed subtree and its depth in nodes.
    typealias Parsed = (expression: Expression, depth: Int)

    let text: String
    let characters: [Character]
    /// The index of the next character to read.
    var index = 0
    /// The parentheses and unary minuses currently being parsed: the recursion depth.
    var nesting = 0

    init(text: String) {
        self.text = text
        self.characters = Array(text)
    }

    mutating func parse() throws(ExpressionError) -> Expression {
        skipWhitespace()
        guard index < characters.count else {
            throw error(
                .empty, at: 0,
                Localized(
                    zh: "表达式为空；应为如 #{births} / #{population} 的式子",
                    en: "the expression is empty; expected for example #{births} / #{population}"))
        }
        let result = try parseSum()
        skipWhitespace()
        if index < characters.count {
            let found = characters[index]
            let detail =
                found == ")"
                ? Localized(zh: "“)”没有对应的“(”", en: "')' has no matching '('")
                : Localized(
                    zh: "此处应为运算符或表达式结束，实际为“\(found)”",
                    en: "expected an operator or the end of the expression but found '\(found)'")
            throw error(.trailingInput, at: index, inExpression(detail))
        }
        return result.expression
    }

    // MARK: Grammar

    private mutating func parseSum() throws(ExpressionError) -> Parsed {
        var left = try parseProduct()
        while let op = peekOperator(), op == .add || op == .subtract {
            let position = index
            index += 1
            let right = try parseProduct()
            left = try combine(op, left, right, at: position)
        }
        return left
    }

    private mutating func parseProduct() throws(ExpressionError) -> Parsed {
        var left = try parseUnary()
        while let op = peekOperator(), op == .multiply || op == .divide {
            let position = index
            index += 1
            let right = try parseUnary()
            left = try combine(op, left, right, at: position)
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> Parsed {
        skipWhitespace()
        guard index < characters.count, characters[index] == "-" || characters[index] == "−" else {
            return try parsePrimary()
        }
        let position = index
        index += 1
        // Each unary minus is one level of recursion and one node: check before going deeper.
        nesting += 1
        try checkDepth(nesting, at: position)
        let operand = try parseUnary()
        nesting -= 1
        try checkDepth(operand.depth + 1, at: position)
        return (.negate(operand.expression), operand.depth + 1)
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Parsed {
        skipWhitespace()
        guard index < characters.count else {
            throw error(
                .unexpectedEnd, at: index,
                inExpression(
                    Localized(
                        zh: "此处应为数字、“#{…}”或“(”，但表达式已结束",
                        en: "expected a number, '#{…}' or '(' but the expression ends")))
        }
        let character = characters[index]
        if character.isASCII && character.isNumber || character == "." {
            return (.number(try scanNumber()), 1)
        }
        if character == "#" {
            return (.reference(try scanReference()), 1)
        }
        if character == "(" {
            let open = index
            index += 1
            nesting += 1
            try checkDepth(nesting, at: open)
            let inner = try parseSum()
            skipWhitespace()
            guard index < characters.count else {
                throw error(
                    .unclosedParenthesis, at: open,
                    inExpression(Localized(zh: "“(”没有闭合；缺少“)”", en: "'(' is not closed; expected ')'")))
            }
            guard characters[index] == ")" else {
                throw error(
                    .unexpectedCharacter, at: index,
                    inExpression(
                        Localized(
                            zh: "此处应为运算符或“)”，实际为“\(characters[index])”",
                            en: "expected an operator or ')' but found '\(characters[index])'")))
            }
            index += 1
            nesting -= 1
            return inner
        }
        throw error(
            .unexpectedCharacter, at: index,
            inExpression(
                Localized(
                    zh: "此处应为数字、“#{…}”或“(”，实际为“\(character)”",
                    en: "expected a number, '#{…}' or '(' but found '\(character)'")))
    }

    private func combine(
        _ op: Expression.BinaryOperator, _ left: Parsed, _ right: Parsed, at position: Int
    ) throws(ExpressionError) -> Parsed {
        let depth = max(left.depth, right.depth) + 1
        try checkDepth(depth, at: position)
        return (.binary(op, left.expression, right.expression), depth)
    }

    // MARK: Tokens

    /// The binary operator at the next non-whitespace character, without consuming it.
    private mutating func peekOperator() -> Expression.BinaryOperator? {
        skipWhitespace()
        guard index < characters.count else { return nil }
        switch characters[index] {
        case "+": return .add
        case "-", "−": return .subtract
        case "*", "×": return .multiply
        case "/", "÷": return .divide
        default: return nil
        }
    }

    /// A number starting at `index`: `12`, `3.5`, `.5`, `1e3`, `2.5E-3`.
    private mutating func scanNumber() throws(ExpressionError) -> Double {
        let start = index
        var valid = true
        let integerDigits = skipDigits()
        if index < characters.count, characters[index] == "." {
            index += 1
            // A fraction needs digits after the point: `5.` and a lone `.` are rejected.
            if skipDigits() == 0 { valid = false }
        } else if integerDigits == 0 {
            valid = false
        }
        if valid, index < characters.count, characters[index] == "e" || characters[index] == "E" {
            index += 1
            if index < characters.count, characters[index] == "+" || characters[index] == "-" { index += 1 }
            if skipDigits() == 0 { valid = false }
        }
        // A number runs into letters, digits, `_` or `.` only when it is malformed, as in `2x` or `1.2.3`.
        while index < characters.count, Self.isWordCharacter(characters[index]) {
            valid = false
            index += 1
        }
        let literal = String(characters[start..<index])
        guard valid else {
            throw error(
                .badNumber, at: start,
                Localized(
                    zh: "“\(literal)”不是数字；应为 12、3.5、.5 或 1e3 之类的数字",
                    en: "'\(literal)' is not a number; expected digits such as 12, 3.5, .5 or 1e3"))
        }
        guard let value = Double(literal), value.isFinite else {
            throw error(
                .badNumber, at: start,
                Localized(zh: "“\(literal)”太大，不能作为数字", en: "'\(literal)' is too large to be a number"))
        }
        return value
    }

    /// A `#{…}` reference starting at `index`.
    private mutating func scanReference() throws(ExpressionError) -> ElementReference {
        let hash = index
        index += 1
        guard index < characters.count else {
            throw error(
                .unexpectedEnd, at: index,
                inExpression(
                    Localized(zh: "“#”后应为“{”，但表达式已结束", en: "expected '{' after '#' but the expression ends")))
        }
        guard characters[index] == "{" else {
            throw error(
                .unexpectedCharacter, at: index,
                inExpression(
                    Localized(
                        zh: "“#”后应为“{”，实际为“\(characters[index])”",
                        en: "expected '{' after '#' but found '\(characters[index])'")))
        }
        index += 1
        let contentStart = index
        while index < characters.count, characters[index] != "}", !Self.endsReference(characters[index]) {
            index += 1
        }
        guard index < characters.count, characters[index] == "}" else {
            let written = String(characters[hash..<index])
            throw error(
                .unclosedReference, at: hash,
                Localized(zh: "“\(written)”没有闭合；缺少“}”", en: "'\(written)' is not closed; expected '}'"))
        }
        let content = String(characters[contentStart..<index])
        index += 1
        guard let reference = ElementReference.validated(content) else {
            let what =
                content.isEmpty
                ? Localized(zh: "“#{}”没有指明数据项", en: "'#{}' names no element")
                : Localized(zh: "“\(content)”不是数据项引用", en: "'\(content)' is not an element reference")
            throw error(
                .badReference, at: contentStart,
                Localized(
                    zh: "\(what.zh)；应为 #{数据项} 或 #{数据项.选项}",
                    en: "\(what.en); expected #{element} or #{element.option}"))
        }
        return reference
    }

    // MARK: Helpers

    /// Skips ASCII digits and returns how many there were.
    private mutating func skipDigits() -> Int {
        let start = index
        while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
        return index - start
    }

    private mutating func skipWhitespace() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "."
    }

    /// Characters that cannot be part of a reference: an unclosed `#{` stops before them.
    private static func endsReference(_ character: Character) -> Bool {
        character.isWhitespace || character == "#" || character == "{" || character == "(" || character == ")"
    }

    private func checkDepth(_ depth: Int, at position: Int) throws(ExpressionError) {
        guard depth > Expression.maximumDepth else { return }
        throw error(
            .tooDeep, at: position,
            inExpression(
                Localized(
                    zh: "表达式嵌套超过\(Expression.maximumDepth)层",
                    en: "the expression nests deeper than \(Expression.maximumDepth) levels")))
    }

    /// `detail` followed by the whole expression, quoted.
    private func inExpression(_ detail: Localized<String>) -> Localized<String> {
        Localized(zh: "\(detail.zh)（表达式“\(text)”）", en: "\(detail.en) in \"\(text)\"")
    }

    /// An error at the 0-based character `offset`.
    private func error(
        _ code: ExpressionError.Code, at offset: Int, _ detail: Localized<String>
    ) -> ExpressionError {
        ExpressionError(code, position: offset + 1, expression: text, detail: detail)
    }
}
