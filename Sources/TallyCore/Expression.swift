/// An indicator or validation-rule expression over data element values, such as
/// `#{births.male} / #{births.female}`.
///
/// Parse one with ``init(parsing:)``; ``description`` prints a canonical form that parses back to an
/// equal expression (for every expression the parser produces: number literals are then finite and
/// never negative).
public indirect enum Expression: Hashable, Sendable, CustomStringConvertible {
    /// An arithmetic operator between two operands.
    public enum BinaryOperator: Sendable {
        /// `+`
        case add
        /// `-` (also written `−`)
        case subtract
        /// `*` (also written `×`)
        case multiply
        /// `/` (also written `÷`)
        case divide

        /// The ASCII symbol used in the canonical form.
        public var symbol: String {
            switch self {
            case .add: "+"
            case .subtract: "-"
            case .multiply: "*"
            case .divide: "/"
            }
        }

        /// 1 for `+ -`, 2 for `* /`.
        var precedence: Int {
            switch self {
            case .add, .subtract: 1
            case .multiply, .divide: 2
            }
        }
    }

    /// A number literal.
    case number(Double)
    /// The value of a data element reference.
    case reference(ElementReference)
    /// Unary minus.
    case negate(Expression)
    /// Two operands joined by an operator.
    case binary(BinaryOperator, Expression, Expression)

    /// The deepest nesting the parser accepts, counting parentheses, unary minus and operators; deeper
    /// expressions are rejected with ``ExpressionError/Code/tooDeep``.
    public static let maximumDepth = 500

    /// The element references, each once, in the order of their first appearance.
    public var references: [ElementReference] {
        var seen: Set<ElementReference> = []
        var result: [ElementReference] = []
        collectReferences(into: &result, seen: &seen)
        return result
    }

    private func collectReferences(into result: inout [ElementReference], seen: inout Set<ElementReference>) {
        switch self {
        case .number:
            break
        case .reference(let reference):
            if seen.insert(reference).inserted { result.append(reference) }
        case .negate(let operand):
            operand.collectReferences(into: &result, seen: &seen)
        case .binary(_, let left, let right):
            left.collectReferences(into: &result, seen: &seen)
            right.collectReferences(into: &result, seen: &seen)
        }
    }

    /// The value of the expression, with each reference's value given by `value`.
    ///
    /// Nil when `value` returns nil for any reference, on division by zero, and whenever an operand or
    /// the result is not finite: the result is never NaN or infinite.
    public func evaluate(_ value: (ElementReference) -> Double?) -> Double? {
        let result: Double?
        switch self {
        case .number(let number):
            result = number
        case .reference(let reference):
            result = value(reference)
        case .negate(let operand):
            result = operand.evaluate(value).map { -$0 }
        case .binary(let op, let left, let right):
            guard let lhs = left.evaluate(value), let rhs = right.evaluate(value) else { return nil }
            switch op {
            case .add: result = lhs + rhs
            case .subtract: result = lhs - rhs
            case .multiply: result = lhs * rhs
            case .divide: result = rhs == 0 ? nil : lhs / rhs
            }
        }
        guard let result, result.isFinite else { return nil }
        return result
    }

    /// The canonical form: references as `#{…}`, ASCII operators between single spaces, and only the
    /// parentheses the tree needs, such as `#{a} - (#{b} - #{c})` or `#{a} * #{b} + #{c}`.
    public var description: String {
        switch self {
        case .number(let number):
            return Self.format(number)
        case .reference(let reference):
            return "#{\(reference)}"
        case .negate(let operand):
            return "-" + operand.parenthesized(if: operand.precedence < 3)
        case .binary(let op, let left, let right):
            let lhs = left.parenthesized(if: left.precedence < op.precedence)
            let rhs = right.parenthesized(if: right.precedence <= op.precedence)
            return "\(lhs) \(op.symbol) \(rhs)"
        }
    }

    /// 1 for `+ -`, 2 for `* /`, 3 for unary minus (and negative literals), 4 for operands.
    private var precedence: Int {
        switch self {
        case .number(let number): number.sign == .minus && number != 0 ? 3 : 4
        case .reference: 4
        case .negate: 3
        case .binary(let op, _, _): op.precedence
        }
    }

    private func parenthesized(if condition: Bool) -> String {
        condition ? "(\(description))" : description
    }

    /// Whole numbers without a fraction (`12`), others in Swift's shortest round-tripping form.
    private static func format(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
            return String(Int64(number))
        }
        return number.description
    }
}
