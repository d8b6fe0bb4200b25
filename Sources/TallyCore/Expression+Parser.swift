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
            throw error(.empty, at: 0, "the expression is empty; expected for example #{births} / #{population}")
        }
        let result = try parseSum()
        skipWhitespace()
        if index < characters.count {
            let found = characters[index]
            let detail =
                found == ")"
                ? "')' has no matching '('"
                : "expected an operator or the end of the expression but found '\(found)'"
            throw error(.trailingInput, at: index, detail + quotedExpression)
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
                "expected a number, '#{…}' or '(' but the expression ends" + quotedExpression
            )
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
                throw error(.unclosedParenthesis, at: open, "'(' is not closed; expected ')'" + quotedExpression)
            }
            guard characters[index] == ")" else {
                throw error(
                    .unexpectedCharacter, at: index,
                    "expected an operator or ')' but found '\(characters[index])'" + quotedExpression
                )
            }
            index += 1
            nesting -= 1
            return inner
        }
        throw error(
            .unexpectedCharacter, at: index,
            "expected a number, '#{…}' or '(' but found '\(character)'" + quotedExpression
        )
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
                "'\(literal)' is not a number; expected digits such as 12, 3.5, .5 or 1e3"
            )
        }
        guard let value = Double(literal), value.isFinite else {
            throw error(.badNumber, at: start, "'\(literal)' is too large to be a number")
        }
        return value
    }

    /// A `#{…}` reference starting at `index`.
    private mutating func scanReference() throws(ExpressionError) -> ElementReference {
        let hash = index
        index += 1
        guard index < characters.count else {
            throw error(.unexpectedEnd, at: index, "expected '{' after '#' but the expression ends" + quotedExpression)
        }
        guard characters[index] == "{" else {
            throw error(
                .unexpectedCharacter, at: index,
                "expected '{' after '#' but found '\(characters[index])'" + quotedExpression
            )
        }
        index += 1
        let contentStart = index
        while index < characters.count, characters[index] != "}", !Self.endsReference(characters[index]) {
            index += 1
        }
        guard index < characters.count, characters[index] == "}" else {
            let written = String(characters[hash..<index])
            throw error(.unclosedReference, at: hash, "'\(written)' is not closed; expected '}'")
        }
        let content = String(characters[contentStart..<index])
        index += 1
        guard let reference = ElementReference.validated(content) else {
            let what = content.isEmpty ? "'#{}' names no element" : "'\(content)' is not an element reference"
            throw error(.badReference, at: contentStart, what + "; expected #{element} or #{element.option}")
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
            "the expression nests deeper than \(Expression.maximumDepth) levels" + quotedExpression
        )
    }

    private var quotedExpression: String { " in \"\(text)\"" }

    /// An error at the 0-based character `offset`.
    private func error(_ code: ExpressionError.Code, at offset: Int, _ detail: String) -> ExpressionError {
        ExpressionError(code, position: offset + 1, expression: text, detail: detail)
    }
}
