import Foundation
import HinboxCore
import HinboxTracing
import Tracing

extension OpenAICompatibleClient {
    /// Embeds `texts`, one vector per text in the same order.
    ///
    /// Inputs go in batches of at most `embeddingBatchSize` (default 64), sent concurrently under
    /// the shared limiter; each HTTP attempt is one `CreateEmbeddings` EMBEDDING span.
    /// - Throws: ``LLMError`` when a batch cannot be embedded; `CancellationError` when cancelled.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let batches = stride(from: 0, to: texts.count, by: embeddingBatchSize).map {
            Array(texts[$0..<min($0 + embeddingBatchSize, texts.count)])
        }
        if batches.count == 1 { return try await embedBatch(batches[0]) }
        return try await withThrowingTaskGroup(of: (Int, [[Float]]).self) { group in
            for (index, batch) in batches.enumerated() {
                group.addTask { (index, try await self.embedBatch(batch)) }
            }
            var results = [[[Float]]](repeating: [], count: batches.count)
            for try await (index, vectors) in group { results[index] = vectors }
            return results.flatMap { $0 }
        }
    }

    private func embedBatch(_ texts: [String]) async throws -> [[Float]] {
        let what = "\(descriptor) embeddings"
        let body = OpenAIWire.encode(OpenAIWire.embeddingsBody(model: descriptor.model, texts: texts))
        let key = cache.map { _ in ReplyCache.key(descriptor, endpoint: route.url("embeddings"), body: body) }
        if let cache, let key, let stored = cache.read(key) {
            if let (vectors, _) = try? decodeEmbeddings(stored, count: texts.count, what: what) {
                return await withOpenInferenceSpan("CreateEmbeddings", kind: .embedding) { span in
                    span.updateAttributes { attributes in
                        attributes.openInference.embeddingModelName = descriptor.model
                        attributes.openInference.llmProvider = route.tracingProvider
                        attributes["hinbox.cache.hit"] = true
                    }
                    span.setEmbeddings(texts: texts, vectors: vectors)
                    return vectors
                }
            }
            cache.remove(key)
        }
        return try await withRetries("embeddings") { attempt, slotWait in
            try await withOpenInferenceSpan("CreateEmbeddings", kind: .embedding) { span in
                span.updateAttributes { attributes in
                    attributes.openInference.embeddingModelName = descriptor.model
                    attributes.openInference.llmProvider = route.tracingProvider
                    attributes.genAI.operationName = "embeddings"
                    attributes.genAI.system = "openai"
                    attributes.genAI.providerName = route.tracingProvider
                    attributes.genAI.requestModel = descriptor.model
                    attributes["hinbox.attempt"] = attempt
                    attributes["hinbox.wait.model_slot_ms"] = Int(slotWait.milliseconds)
                }
                span.setEmbeddings(texts: texts, vectors: [])
                let response = try await exchange(path: "embeddings", body: body, what: what, span: span)
                guard (200..<300).contains(response.status) else { throw httpError(response, what: what) }
                let (vectors, reply) = try decodeEmbeddings(response.body, count: texts.count, what: what)
                span.setEmbeddings(texts: texts, vectors: vectors)
                annotateEmbeddingResponse(span, reply: reply)
                if let cache, let key { cache.write(key, response.body) }
                return vectors
            }
        }
    }

    private func decodeEmbeddings(
        _ body: Data, count: Int, what: String
    ) throws -> ([[Float]], OpenAIWire.Embeddings) {
        guard let reply = OpenAIWire.Embeddings(json: body) else {
            if let error = embeddedError(body, what: what) { throw error }
            throw unreadableReply(body, what: what, expected: "an OpenAI embeddings list")
        }
        let ordered = reply.data.enumerated()
            .sorted { ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset) }
            .map(\.element.embedding)
        guard ordered.count == count else {
            throw LLMError.invalidResponse(what: what, "asked for \(count) embeddings, got \(ordered.count)", transient: true)
        }
        return (ordered, reply)
    }

    private func annotateEmbeddingResponse(_ span: any Span, reply: OpenAIWire.Embeddings) {
        let prompt = reply.usage?.promptTokens ?? reply.usage?.totalTokens
        let priced = prompt.flatMap { self.cost(of: TokenUsage(prompt: $0, completion: 0)) }
        span.updateAttributes { attributes in
            if let model = reply.model { attributes.genAI.responseModel = model }
            if let prompt {
                attributes.openInference.llmPromptTokens = prompt
                attributes.openInference.llmTotalTokens = reply.usage?.totalTokens ?? prompt
                attributes.genAI.usageInputTokens = prompt
            }
            if let cost = priced {
                attributes.openInference.llmPromptCost = cost.prompt
                attributes.openInference.llmTotalCost = cost.total
            }
        }
    }
}
