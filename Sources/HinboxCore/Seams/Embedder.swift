/// The seam to an embedding model (`/v1/embeddings`).
///
/// Implementations make one EMBEDDING span per call and return one vector per input, in order.
public protocol Embedder: Sendable {
    var descriptor: ModelDescriptor { get }
    func embed(_ texts: [String]) async throws -> [[Float]]
}
