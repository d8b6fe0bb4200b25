/// One text value to store (an element of value type `text` or `long_text`), already in its canonical form.
///
/// Text values are kept apart from the numbers: a row per value in `text_value`, never in the numeric blocks, so
/// that nothing that adds values up can meet one.
public struct TextWrite: Sendable {
    /// Which value.
    public var key: ValueKey
    /// The text, canonical (see `TextValue` in TallyTransfer).
    public var text: String
    /// Who entered it (`storedby`); the batch's user when `nil` and ``actor`` is `nil`.
    public var storedBy: String?
    /// Who entered it, as an id from ``ValueWriter/actorID(_:)``; takes precedence over ``storedBy``.
    public var actor: Int32?
    /// When it was entered, seconds since 1970 (UTC); the batch time when `nil`.
    public var time: Int64?
    /// A comment.
    public var comment: String?
    /// Whether the value is marked for follow-up.
    public var followUp: Bool

    /// A text value to store.
    public init(
        key: ValueKey, text: String, storedBy: String? = nil, actor: Int32? = nil, time: Int64? = nil,
        comment: String? = nil, followUp: Bool = false
    ) {
        self.key = key
        self.text = text
        self.storedBy = storedBy
        self.actor = actor
        self.time = time
        self.comment = comment
        self.followUp = followUp
    }
}

/// A stored text value with who entered it and when.
public struct StoredText: Equatable, Sendable {
    /// The text.
    public var text: String
    /// Who entered it.
    public var storedBy: String?
    /// When it was first stored.
    public var created: Int64
    /// When it last changed.
    public var updated: Int64
    /// Its comment.
    public var comment: String?
    /// Whether it is marked for follow-up.
    public var followUp: Bool

    /// A stored text.
    public init(text: String, storedBy: String?, created: Int64, updated: Int64, comment: String?, followUp: Bool) {
        self.text = text
        self.storedBy = storedBy
        self.created = created
        self.updated = updated
        self.comment = comment
        self.followUp = followUp
    }
}

/// A stored text value, or none, with the version an optimistic writer compares: as ``VersionedValue``, 0 when
/// none is stored, else its history entries plus one.
public struct VersionedText: Equatable, Sendable {
    /// The stored text, or `nil`.
    public var stored: StoredText?
    /// 0 when nothing is stored; history entries + 1 otherwise.
    public var version: Int

    /// A text and its version given how many history entries it has.
    public init(stored: StoredText?, historyCount: Int) {
        self.stored = stored
        self.version = stored == nil ? 0 : historyCount + 1
    }
}

/// One earlier state of a text value (`text_value_history`), as ``HistoryEntry`` is for a number.
public struct TextHistoryEntry: Equatable, Sendable {
    /// `update` or `delete`.
    public var action: String
    /// The text before the change.
    public var previousText: String
    /// Who had entered the previous text.
    public var previousStoredBy: String?
    /// When the previous text had been stored.
    public var previousTime: Int64
    /// The new text (`nil` for a removal).
    public var newText: String?
    /// Who made the change.
    public var changedBy: String
    /// When the change was made.
    public var changedAt: Int64

    /// A history entry.
    public init(
        action: String, previousText: String, previousStoredBy: String?, previousTime: Int64, newText: String?,
        changedBy: String, changedAt: Int64
    ) {
        self.action = action
        self.previousText = previousText
        self.previousStoredBy = previousStoredBy
        self.previousTime = previousTime
        self.newText = newText
        self.changedBy = changedBy
        self.changedAt = changedAt
    }
}

/// What a text write did: the outcomes of ``WriteOutcome``, with the previous text.
public enum TextOutcome: Equatable, Sendable {
    /// The text did not exist and was added.
    case new
    /// The text existed with another text, now kept in history.
    case changed(previous: String)
    /// The text existed unchanged; its comment and follow-up mark may have changed.
    case unchanged
    /// The same key was already written in this batch.
    case duplicate
    /// The text was removed and kept in history.
    case deleted(previous: String)
    /// A removal of a text that does not exist.
    case absent
    /// A write the strategy left out: nothing written.
    case ignored
}

extension StagedOutcomes {
    /// Counts one text outcome as the number it stands beside (a duplicate is the caller's to report).
    public mutating func count(_ outcome: TextOutcome) {
        switch outcome {
        case .new: new += 1
        case .changed: changed += 1
        case .unchanged: unchanged += 1
        case .deleted: deleted += 1
        case .absent: absent += 1
        case .ignored: ignored += 1
        case .duplicate: duplicates += 1
        }
    }
}

/// The rules of a batch's text writes, the same in every store: what a write or a removal does given the stored
/// text and what the batch did to the key before. A store runs the decision against its table.
package struct TextBatch {
    /// What the batch did to each key it touched: `true` when its last act was a removal.
    private var touched: [ValueKey: Bool] = [:]

    /// A batch that touched nothing yet.
    package init() {}

    /// What to do with a text write.
    package enum Step: Equatable {
        /// Insert a new row.
        case insert
        /// Replace the stored text, keeping the previous state in history.
        case update(previous: StoredText)
        /// Keep the text; refresh its comment (when given) and follow-up mark.
        case refresh(previous: StoredText)
        /// Remove the row, keeping it in history.
        case remove(previous: StoredText)
        /// Nothing to do: the outcome says why.
        case none(TextOutcome)
    }

    /// The step of writing `text` to `key`, whose stored text is `stored`, under `strategy`.
    ///
    /// A later write of a key written (or ignored) earlier in the batch is a duplicate; a write after a removal
    /// enters the text again, as for numbers.
    package mutating func write(
        _ key: ValueKey, text: String, stored: StoredText?, strategy: WriteStrategy
    ) -> Step {
        if touched[key] == false { return .none(.duplicate) }
        let removedHere = touched[key] == true
        touched[key] = false
        switch strategy {
        case .createOnly where stored != nil && !removedHere: return .none(.ignored)
        case .updateOnly where stored == nil: return .none(.ignored)
        default: break
        }
        guard let stored else { return .insert }
        return stored.text == text ? .refresh(previous: stored) : .update(previous: stored)
    }

    /// The step of removing `key`, whose stored text is `stored`: a key touched before in the batch is a
    /// duplicate.
    package mutating func remove(_ key: ValueKey, stored: StoredText?) -> Step {
        if touched[key] != nil { return .none(.duplicate) }
        touched[key] = true
        guard let stored else { return .none(.absent) }
        return .remove(previous: stored)
    }

    /// The outcome of a step once it is done.
    package static func outcome(_ step: Step) -> TextOutcome {
        switch step {
        case .insert: .new
        case .update(let previous): .changed(previous: previous.text)
        case .refresh: .unchanged
        case .remove(let previous): .deleted(previous: previous.text)
        case .none(let outcome): outcome
        }
    }
}
