import TallyCore
import TallyText
import Testing

/// The value of an expression without references.
private func value(_ text: String) throws -> Double? {
    try Expression(parsing: text).evaluate { _ in nil }
}

/// The error thrown when parsing `text`, or nil when it parses.
private func parseError(_ text: String) -> ExpressionError? {
    do {
        _ = try Expression(parsing: text)
        return nil
    } catch {
        return error
    }
}

private func ref(_ element: String, _ options: String...) -> ElementReference {
    ElementReference(element: element, options: options)
}

@Suite("Expression parsing and evaluation")
struct ExpressionEvaluationTests {
    @Test(
        "precedence and associativity",
        arguments: [
            ("2 + 3 * 4", 14.0), ("(2+3)*4", 20), ("8 / 4 / 2", 1), ("10 - 4 - 3", 3), ("-2 * 3", -6),
            ("- (1 - 4)", 3), ("1e3 / 8", 125), ("2 * 3 + 4 * 5", 26), ("2 * (3 + 4) * 5", 70),
            ("100 / 10 * 2", 20), ("1 - -1", 2), ("--2", 2), ("-2 - -3", 1), ("12", 12), ("3.5", 3.5),
            (".5", 0.5), ("2.5E-1 * 4", 1), ("1e+2 - 1E2", 0), ("  \t2\n+\n2  ", 4), ("((((7))))", 7),
            ("2*3-4/2", 4), ("-(2) * -(3)", 6), ("0 / 5", 0),
        ]
    )
    func arithmetic(text: String, expected: Double) throws {
        #expect(try value(text) == expected)
    }

    @Test("Unicode operators", arguments: [("6 × 7", 42.0), ("84 ÷ 2", 42), ("50 − 8", 42), ("−6 × −7", 42)])
    func unicodeOperators(text: String, expected: Double) throws {
        #expect(try value(text) == expected)
    }

    @Test("Unicode operators build the same tree as ASCII ones")
    func unicodeTree() throws {
        #expect(try Expression(parsing: "1 × 2 ÷ 3 − −4") == Expression(parsing: "1 * 2 / 3 - -4"))
    }

    @Test("trees are left-associative and unary minus binds tightest")
    func trees() throws {
        #expect(
            try Expression(parsing: "8 / 4 / 2")
                == .binary(.divide, .binary(.divide, .number(8), .number(4)), .number(2))
        )
        #expect(try Expression(parsing: "-2 * 3") == .binary(.multiply, .negate(.number(2)), .number(3)))
        #expect(
            try Expression(parsing: "1 + 2 * 3")
                == .binary(.add, .number(1), .binary(.multiply, .number(2), .number(3)))
        )
        #expect(
            try Expression(parsing: "#{births.male_lt1}")
                == .reference(ElementReference(element: "births", options: ["male", "lt1"]))
        )
    }

    @Test("references are looked up in a table")
    func lookup() throws {
        let table: [ElementReference: Double] = [
            ref("births"): 120, ref("births", "male"): 70, ref("births", "female"): 50,
            ref("births", "male", "lt1"): 7, ref("pop"): 4000,
        ]
        let ratio = try Expression(parsing: "#{births.male} / #{births.female}")
        #expect(ratio.evaluate { table[$0] } == 1.4)
        let rate = try Expression(parsing: "#{births} × 1000 ÷ #{pop}")
        #expect(rate.evaluate { table[$0] } == 30)
        let share = try Expression(parsing: "#{births.male_lt1} * 10 - #{births.female}")
        #expect(share.evaluate { table[$0] } == 20)
    }

    @Test("a missing operand makes the result nil")
    func missingOperand() throws {
        let table: [ElementReference: Double] = [ref("a"): 1]
        #expect(try Expression(parsing: "#{a} + #{b}").evaluate { table[$0] } == nil)
        #expect(try Expression(parsing: "#{b} * 0").evaluate { table[$0] } == nil)
        #expect(try Expression(parsing: "-#{b}").evaluate { table[$0] } == nil)
        #expect(try Expression(parsing: "#{a} + 1").evaluate { table[$0] } == 2)
    }

    @Test("division by zero and non-finite values give nil", arguments: ["1 / 0", "0 / 0", "1 / (2 - 2)", "-1 ÷ 0"])
    func divisionByZero(text: String) throws {
        #expect(try value(text) == nil)
    }

    @Test("non-finite results and reference values give nil")
    func nonFinite() throws {
        #expect(try value("1e300 * 1e300") == nil)
        #expect(try value("-1e300 * 1e300") == nil)
        #expect(try Expression(parsing: "#{a} - #{a}").evaluate { _ in .nan } == nil)
        #expect(try Expression(parsing: "#{a} * 0").evaluate { _ in .infinity } == nil)
        #expect(Expression.number(.infinity).evaluate { _ in nil } == nil)
    }

    @Test("references are unique, in order of first appearance")
    func references() throws {
        let expression = try Expression(parsing: "(#{b} + #{a.x}) / #{b} - -#{c.x_y} * #{a.x} + #{a}")
        #expect(expression.references == [ref("b"), ref("a", "x"), ref("c", "x", "y"), ref("a")])
        #expect(try Expression(parsing: "1 + 2").references.isEmpty)
    }

    @Test("element reference description")
    func referenceDescription() {
        #expect(ref("births").description == "births")
        #expect(ref("births", "male").description == "births.male")
        #expect(ref("births", "male", "lt1").description == "births.male_lt1")
    }

    @Test("deep but allowed nesting parses and evaluates")
    func deepNesting() throws {
        let depth = Expression.maximumDepth
        let parens = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        #expect(try value(parens) == 1)
        let sum = Array(repeating: "1", count: depth).joined(separator: " + ")
        #expect(try value(sum) == Double(depth))
        let minus = String(repeating: "-", count: depth - 1) + "1"
        #expect(try value(minus) == -1)
    }
}

@Suite("Expression description")
struct ExpressionDescriptionTests {
    @Test(
        "description parses back to an equal expression",
        arguments: [
            "1", "#{births}", "#{births.male} / #{births.female}", "#{a} - (#{b} - #{c})", "(#{a}*#{b})+#{c}",
            "-(#{a} + #{b})", "--2", "- -2 * -(3)", "1e3 / 8", ".5 * #{x}", "#{a} / (#{b} * #{c})",
            "(#{a} / #{b}) * #{c}", "#{a} - #{b} + #{c}", "#{a} - (#{b} + #{c})", "2.5e-7 + 1e20 - 123456.789",
            "-#{a} * -(#{b} - 1)", "((((#{a}))))", "1 × 2 ÷ 3 − 4", "#{births.male_lt1} * 1000 / #{pop}",
            "0.1 + 0.2 * (0.3 - 1e-300)", "#{a} / (#{b} / #{c}) / #{d}", "-(-(1))",
        ]
    )
    func roundTrip(text: String) throws {
        let expression = try Expression(parsing: text)
        #expect(try Expression(parsing: expression.description) == expression)
    }

    @Test(
        "canonical form with minimal parentheses",
        arguments: [
            ("#{births.male}/#{births.female}", "#{births.male} / #{births.female}"),
            ("#{a} - (#{b} - #{c})", "#{a} - (#{b} - #{c})"),
            ("(#{a}*#{b})+#{c}", "#{a} * #{b} + #{c}"),
            ("(#{a} - #{b}) - #{c}", "#{a} - #{b} - #{c}"),
            ("#{a} * (#{b} / #{c})", "#{a} * (#{b} / #{c})"),
            ("(#{a} + #{b}) * #{c}", "(#{a} + #{b}) * #{c}"),
            ("-(1+2)", "-(1 + 2)"), ("-(1*2)", "-(1 * 2)"), ("(-1)*2", "-1 * 2"), ("- - 2", "--2"),
            ("1e3", "1000"), ("2.50", "2.5"), (".5", "0.5"), ("1e20", "1e+20"), ("1 × 2 ÷ 3 − 4", "1 * 2 / 3 - 4"),
            ("#{births.male_lt1}", "#{births.male_lt1}"),
        ]
    )
    func canonical(text: String, expected: String) throws {
        #expect(try Expression(parsing: text).description == expected)
    }
}

@Suite("Expression errors")
struct ExpressionErrorTests {
    @Test(
        "every error code at its exact position",
        arguments: [
            ("", ExpressionError.Code.empty, 1), ("   ", .empty, 1), ("\n\t", .empty, 1),
            ("#{a} + * 2", .unexpectedCharacter, 8), ("(1 2)", .unexpectedCharacter, 4),
            ("#births", .unexpectedCharacter, 2), ("+1", .unexpectedCharacter, 1), ("1 + )", .unexpectedCharacter, 5),
            ("2 +", .unexpectedEnd, 4), ("2 + ", .unexpectedEnd, 5), ("-", .unexpectedEnd, 2), ("(", .unexpectedEnd, 2),
            ("1 + #", .unexpectedEnd, 6),
            ("(1 + 2", .unclosedParenthesis, 1), ("2 * ((1 + 2)", .unclosedParenthesis, 5),
            ("#{births", .unclosedReference, 1), ("1 + #{births + 2", .unclosedReference, 5),
            ("#{a}+#{b", .unclosedReference, 6),
            ("#{births..male}", .badReference, 3), ("#{}", .badReference, 3), ("#{1abc}", .badReference, 3),
            ("1 + #{births.male-female}", .badReference, 7), ("#{births.male__lt1}", .badReference, 3),
            ("#{births.}", .badReference, 3), ("#{_a}", .badReference, 3), ("#{a.b.c}", .badReference, 3),
            ("5.", .badNumber, 1), (".", .badNumber, 1), ("1e", .badNumber, 1), ("1e+", .badNumber, 1),
            ("2x", .badNumber, 1), ("1.2.3", .badNumber, 1), ("1 + 1e999", .badNumber, 5),
            ("1 2", .trailingInput, 3), ("(1) )", .trailingInput, 5), ("#{a}#{b}", .trailingInput, 5),
            ("1 + 2 (3)", .trailingInput, 7),
        ]
    )
    func codeAndPosition(text: String, code: ExpressionError.Code, position: Int) throws {
        let error = try #require(parseError(text))
        #expect(error.code == code)
        #expect(error.position == position)
        #expect(error.expression == text)
        #expect(error.message.hasPrefix("position \(position): "))
        #expect(error.description == error.message)
        #expect(error.errorCode == "expression.\(code.rawValue)")
    }

    @Test(
        "positions count characters, not bytes, after Chinese and other non-ASCII text",
        arguments: [
            ("出生", ExpressionError.Code.unexpectedCharacter, 1),
            ("1 + 出生", .unexpectedCharacter, 5),
            ("1 × 2 ÷ 出", .unexpectedCharacter, 9),
            ("#{a}\u{3000}+\u{3000}出生", .unexpectedCharacter, 8),
            ("#{出生}", .badReference, 3),
            ("1\u{3000}÷\u{3000}#{出生.男}", .badReference, 7),
            ("#{出生", .unclosedReference, 1),
            ("1\u{3000}−\u{3000}(2 × 3", .unclosedParenthesis, 5),
            ("6 × 2出", .badNumber, 5),
            ("1\u{3000}+\u{3000}2\u{3000}出生", .trailingInput, 7),
            ("1 ÷\u{3000}", .unexpectedEnd, 5),
            ("2 + e\u{301}", .unexpectedCharacter, 5),
            ("👨‍👩‍👧 ", .unexpectedCharacter, 1),
            ("1 × 2 ÷ 👨‍👩‍👧", .unexpectedCharacter, 9),
        ]
    )
    func unicodePositions(text: String, code: ExpressionError.Code, position: Int) throws {
        let error = try #require(parseError(text))
        #expect(error.code == code)
        #expect(error.position == position)
    }

    @Test("messages name what was found and what was expected")
    func messages() {
        #expect(
            parseError("#{a} + * 2")?.message
                == "position 8: expected a number, '#{…}' or '(' but found '*' in \"#{a} + * 2\""
        )
        #expect(parseError("#{births")?.message == "position 1: '#{births' is not closed; expected '}'")
        #expect(
            parseError("#{births..male}")?.message
                == "position 3: 'births..male' is not an element reference; expected #{element} or #{element.option}"
        )
        #expect(
            parseError("2 +")?.message
                == "position 4: expected a number, '#{…}' or '(' but the expression ends in \"2 +\""
        )
        #expect(parseError("(1 + 2")?.message == "position 1: '(' is not closed; expected ')' in \"(1 + 2\"")
        let trailing = "expected an operator or the end of the expression but found '2'"
        #expect(parseError("1 2")?.message.contains(trailing) == true)
        #expect(parseError("(1))")?.message == "position 4: ')' has no matching '(' in \"(1))\"")
        #expect(
            parseError("5.")?.message == "position 1: '5.' is not a number; expected digits such as 12, 3.5, .5 or 1e3"
        )
        #expect(parseError("1e999")?.message == "position 1: '1e999' is too large to be a number")
        #expect(parseError("出生")?.message.contains("but found '出'") == true)
        #expect(parseError("")?.code == .empty)
    }

    @Test("nesting deeper than the maximum is rejected")
    func tooDeep() throws {
        let depth = Expression.maximumDepth
        let parens = String(repeating: "(", count: depth + 1) + "1" + String(repeating: ")", count: depth + 1)
        let parenError = try #require(parseError(parens))
        #expect(parenError.code == .tooDeep)
        #expect(parenError.position == depth + 1)

        let minus = String(repeating: "-", count: depth * 10) + "1"
        let minusError = try #require(parseError(minus))
        #expect(minusError.code == .tooDeep)
        #expect(minusError.position == depth + 1)

        // "1+1+…": the n-th '+' is at position 2n and makes a tree n + 1 nodes deep.
        let sum = Array(repeating: "1", count: depth * 10).joined(separator: "+")
        let sumError = try #require(parseError(sum))
        #expect(sumError.code == .tooDeep)
        #expect(sumError.position == 2 * depth)
    }

    @Test("errors compare by code, position, expression and message")
    func equality() {
        #expect(parseError("1 +") == parseError("1 +"))
        #expect(parseError("1 +") != parseError("1 -"))
        let error = ExpressionError(.badNumber, position: 2, expression: "x", detail: Localized(zh: "d", en: "d"))
        #expect(error.message == "position 2: d")
    }
}
