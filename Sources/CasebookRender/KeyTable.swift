/// Dense ids for nonzero 64-bit keys, given in the order the keys are first seen: an open-addressing table with linear
/// probing. The search index counts tens of millions of n-grams per build; Swift's `Dictionary` (generic hashing,
/// SipHash, copy-on-write checks) costs several times more per look-up than this.
struct KeyTable {
    /// The keys by id.
    private(set) var keys: [UInt64] = []
    /// Per slot: the key (0 = empty) and its id.
    private var slots: [UInt64]
    private var ids: [Int32]
    private var mask: Int
    /// 64 − log2(slots): a key's first slot is the top bits of its product with 2^64/φ (Fibonacci hashing; the low bits
    /// of a packed n-gram are zero for unigrams, so only the top bits spread them).
    private var shift: UInt64

    /// Room for about `capacity` keys before the first growth.
    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        ids = [Int32](repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        keys.reserveCapacity(capacity)
    }

    var count: Int { keys.count }

    @inline(__always) private func start(_ k: UInt64) -> Int {
        Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The id of `k` (which must not be 0), adding it when new.
    @inline(__always) mutating func id(_ k: UInt64) -> (id: Int, inserted: Bool) {
        var i = start(k)
        while true {
            let s = slots[i]
            if s == k { return (Int(ids[i]), false) }
            if s == 0 { break }
            i = (i + 1) & mask
        }
        let id = keys.count
        slots[i] = k
        ids[i] = Int32(id)
        keys.append(k)
        if keys.count * 2 > slots.count { grow() }
        return (id, true)
    }

    /// The id of `k` when present.
    func find(_ k: UInt64) -> Int? {
        var i = start(k)
        while true {
            let s = slots[i]
            if s == k { return Int(ids[i]) }
            if s == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [UInt64](repeating: 0, count: size)
        ids = [Int32](repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        for (id, k) in keys.enumerated() {
            var i = start(k)
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = k
            ids[i] = Int32(id)
        }
    }
}
