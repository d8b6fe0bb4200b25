/// LLVM's `prefetch` intrinsic, which the compiler turns into the processor's prefetch instruction (its last three
/// arguments must be constants).
@usableFromInline
@_silgen_name("llvm.prefetch.p0")
func _prefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ data: Int32)

/// Asks the processor to bring the cache line at `address` into every level of its cache, without waiting for it:
/// the importer's lookups of places it will need a little later (a hint, never a fault, whatever the address — a
/// stale address costs the hint and nothing else).
@inlinable @inline(__always)
public func prefetch(_ address: UnsafeRawPointer) {
    _prefetch(address, 0, 3, 1)
}

/// ``prefetch(_:)`` for a line that will be written: the processor fetches it ready to be changed.
@inlinable @inline(__always)
public func prefetchForWriting(_ address: UnsafeRawPointer) {
    _prefetch(address, 1, 3, 1)
}
