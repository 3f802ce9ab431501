/// The vectors of one entity type from one model, stored contiguously (`count × dimension`
/// floats) with their ids, for ``VectorSearchIndex``.
struct VectorPartition: Sendable {
    let dimension: Int
    private(set) var vectors: [Float] = []
    private var ids: [String] = []
    /// Each slot's insertion position within its type: ties go to the lower one.
    private var ordinals: [Int] = []
    private var slots: [String: Int] = [:]

    init(dimension: Int) {
        self.dimension = dimension
    }

    var count: Int { ids.count }

    /// Stores `vector` for `id`, in place when it has a slot. A vector whose length is not
    /// `dimension` is stored as zeros: it scores 0, as the scalar cosine of mismatched lengths does.
    mutating func upsert(id: String, ordinal: Int, vector: [Float]) {
        let slot: Int
        if let existing = slots[id] {
            slot = existing
        } else {
            slot = ids.count
            slots[id] = slot
            ids.append(id)
            ordinals.append(ordinal)
            vectors.append(contentsOf: repeatElement(0, count: dimension))
        }
        let start = slot * dimension
        if vector.count == dimension {
            vectors.replaceSubrange(start..<start + dimension, with: vector)
        } else {
            vectors.replaceSubrange(start..<start + dimension, with: repeatElement(0, count: dimension))
        }
    }

    /// Removes `id`, moving the last slot into its place (order is kept by the ordinals).
    mutating func remove(_ id: String) {
        guard let slot = slots.removeValue(forKey: id) else { return }
        let last = ids.count - 1
        if slot != last {
            ids[slot] = ids[last]
            ordinals[slot] = ordinals[last]
            slots[ids[slot]] = slot
            let from = last * dimension
            let to = slot * dimension
            for offset in 0..<dimension { vectors[to + offset] = vectors[from + offset] }
        }
        ids.removeLast()
        ordinals.removeLast()
        vectors.removeLast(dimension)
    }

    /// The `limit` best-scoring ids, best first; equal scores in insertion order.
    func nearest(to query: [Float], count limit: Int) -> [(id: String, score: Double)] {
        var best = TopScores(capacity: limit)
        let dimension = dimension
        vectors.withUnsafeBufferPointer { stored in
            query.withUnsafeBufferPointer { query in
                guard let storedBase = stored.baseAddress, let queryBase = query.baseAddress else { return }
                for slot in 0..<ids.count {
                    let score = VectorMath.dot(queryBase, storedBase + slot * dimension, count: dimension)
                    best.offer(score: score, ordinal: ordinals[slot], slot: slot)
                }
            }
        }
        return best.ranked.map { (ids[$0.slot], Double($0.score)) }
    }
}

/// The best `capacity` (score, ordinal) pairs seen, kept sorted: higher score first, then lower
/// ordinal. `capacity` is small (the resolver asks for 5), so a sorted insert beats a heap.
struct TopScores {
    struct Entry {
        var score: Float
        var ordinal: Int
        var slot: Int
    }

    let capacity: Int
    private(set) var ranked: [Entry] = []

    init(capacity: Int) {
        self.capacity = capacity
        ranked.reserveCapacity(capacity + 1)
    }

    @inline(__always)
    mutating func offer(score: Float, ordinal: Int, slot: Int) {
        if ranked.count == capacity, let worst = ranked.last, !Self.isBetter(score, ordinal, than: worst) { return }
        var position = ranked.count
        while position > 0, Self.isBetter(score, ordinal, than: ranked[position - 1]) { position -= 1 }
        ranked.insert(Entry(score: score, ordinal: ordinal, slot: slot), at: position)
        if ranked.count > capacity { ranked.removeLast() }
    }

    @inline(__always)
    static func isBetter(_ score: Float, _ ordinal: Int, than entry: Entry) -> Bool {
        score > entry.score || (score == entry.score && ordinal < entry.ordinal)
    }
}
