internal import TallyText

/// Whether a ``ValueWriter`` writes directly or stages, so that a writer never does both: staged writes are decided
/// when applied, and a direct write in between would see (or change) a state they have not reached yet.
package struct WriterMode {
    /// What a writer has been used for so far.
    package enum Use: Equatable {
        case unused, direct, staging, applied
    }

    private var use = Use.unused

    /// A writer not used yet.
    package init() {}

    /// Notes the next use; throws when it does not follow from the last.
    package mutating func use(_ next: Use) throws {
        switch (use, next) {
        case (.unused, _), (.direct, .direct), (.staging, .staging), (.staging, .applied): use = next
        case (.applied, _):
            throw StoreError(
                .database,
                Localized(
                    zh: "本次写入已应用其暂存的数值，不能再写入",
                    en: "this write has applied its staged values already; nothing more can be written in it"))
        default:
            throw StoreError(
                .database,
                Localized(
                    zh: "一次写入要么暂存数值，要么直接写入，不能两者兼用",
                    en: "a write either stages values or writes them directly, never both"))
        }
    }

    /// Throws when values were staged but never applied: the write would otherwise end without them.
    package func finish() throws {
        if use == .staging {
            throw StoreError(
                .database,
                Localized(
                    zh: "数值已暂存但从未应用；什么也没有写入", en: "values were staged but never applied; nothing was written"))
        }
    }
}
