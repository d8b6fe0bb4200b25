import Testing

@testable import TallyStoreSQLite

/// The staging's index of block keys finds every key it was given under its own index, through many growths of
/// its table, and no key it was not given.
@Suite struct BlockIndexTests {
    @Test func everyKeyIsFoundUnderItsOwnIndex() {
        var index = BlockIndex()
        // Keys that differ in one id at a time (an element's periods, a period's elements, combos), the extremes of
        // the ids, and enough of them for the table to grow from 64 slots to 16,384.
        var keys: [BlockKey] = []
        for element in 0..<40 {
            for period in 0..<150 { keys.append(BlockKey(element: Int32(element), period: Int32(period), combo: 0)) }
        }
        for combo in 1..<200 { keys.append(BlockKey(element: 3, period: 7, combo: Int32(combo))) }
        keys += [
            BlockKey(element: .max, period: .max, combo: .max), BlockKey(element: 0, period: 0, combo: .max),
            BlockKey(element: .max, period: 0, combo: 0),
        ]
        for (i, key) in keys.enumerated() {
            #expect(index.find(key) == nil)
            index.insert(key, UInt32(i))
        }
        for (i, key) in keys.enumerated() { #expect(index.find(key) == UInt32(i)) }
        #expect(index.find(BlockKey(element: 40, period: 0, combo: 0)) == nil)
        #expect(index.find(BlockKey(element: 3, period: 7, combo: 200)) == nil)
        #expect(index.find(BlockKey(element: 0, period: 150, combo: 0)) == nil)
    }

    @Test func anEmptyIndexFindsNothing() {
        #expect(BlockIndex().find(BlockKey(element: 0, period: 0, combo: 0)) == nil)
    }
}
