public import HinboxCore

/// Deterministic bag-of-features embeddings: no model, same text → same vector.
///
/// The lower-cased text is split into words (runs of letters and digits). Each word gives a
/// unigram feature and the character trigrams of `#word#` (`#` marks the word boundary). Every
/// feature is FNV-1a hashed into one of `dimensions` buckets with a ±1 sign taken from the hash,
/// and the sum is L2-normalised. Texts that share most words and spellings are close; unrelated
/// texts are near-orthogonal.
public struct HashingEmbedding: Sendable, Hashable {
    /// The vector length (384, like all-MiniLM-L6-v2).
    public var dimensions: Int

    public static let standard = HashingEmbedding()

    public init(dimensions: Int = 384) {
        precondition(dimensions > 0, "dimensions must be positive")
        self.dimensions = dimensions
    }

    /// The unit-length embedding of `text`. Text without any word maps to a fixed unit vector.
    public func embed(_ text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: dimensions)
        var hasFeature = false
        func add(_ feature: String, weight: Float) {
            let hash = Self.fnv1a(feature)
            let bucket = Int(hash % UInt64(dimensions))
            vector[bucket] += (hash >> 63) == 0 ? weight : -weight
            hasFeature = true
        }
        for word in Self.words(text.lowercased()) {
            add("w:" + word, weight: 1)
            let padded = Array("#" + word + "#")
            for start in 0...(padded.count - 3) {
                add("t:" + String(padded[start..<start + 3]), weight: 1)
            }
        }
        if !hasFeature { add("<empty>", weight: 1) }
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }

    /// The cosine similarity of two vectors (0 when either is zero or their lengths differ).
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return 0 }
        var dot: Float = 0, normA: Float = 0, normB: Float = 0
        for index in a.indices {
            dot += a[index] * b[index]
            normA += a[index] * a[index]
            normB += b[index] * b[index]
        }
        let denominator = normA.squareRoot() * normB.squareRoot()
        return denominator > 0 ? dot / denominator : 0
    }

    // MARK: - Features

    private static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        // FNV's high bits mix poorly for short inputs; finish with a murmur-style avalanche.
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        return hash
    }
}

/// An in-process ``Embedder`` built on ``HashingEmbedding`` (no server).
public struct HashingEmbedder: Embedder {
    public var descriptor: ModelDescriptor
    public var embedding: HashingEmbedding

    public init(descriptor: ModelDescriptor = ModelDescriptor(provider: "local", model: "all-minilm-l6-v2"),
                embedding: HashingEmbedding = .standard) {
        self.descriptor = descriptor
        self.embedding = embedding
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        texts.map(embedding.embed)
    }
}
