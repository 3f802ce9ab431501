import Foundation
public import HinboxCore
import HinboxTracing
import Logging
import Tracing

extension OpenAICompatibleClient {
    /// Sends a chat completion and returns the assistant's text (parsed and validated upstream).
    ///
    /// One `ChatCompletion` LLM span per HTTP attempt, numbered by `hinbox.attempt`.
    /// - Throws: ``LLMError`` when the call cannot succeed; `CancellationError` when cancelled.
    public func complete(_ request: ChatRequest) async throws -> ChatResponse {
        let what = "\(descriptor) chat completion"
        // Encoded (and keyed) once; again only if the server makes the client fall back to json_object.
        let firstFallback = usesJSONObjectFallback
        let firstBody = OpenAIWire.chatBody(model: descriptor.model, request: request, fallback: firstFallback)
        let firstKey = cache.map { _ in cacheKey(firstBody.data) }
        if let cache, let firstKey,
            let hit = await cachedReply(to: request, body: firstBody, fallback: firstFallback, key: firstKey, cache: cache, what: what)
        {
            return hit
        }
        return try await withRetries("chat") { attempt, slotWait in
            let fallback = usesJSONObjectFallback
            let body = fallback == firstFallback ? firstBody : OpenAIWire.chatBody(model: descriptor.model, request: request, fallback: fallback)
            return try await withOpenInferenceSpan("ChatCompletion", kind: .llm) { span in
                annotateChatRequest(span, request: request, body: body, fallback: fallback, attempt: attempt)
                span.attributes["hinbox.wait.model_slot_ms"] = Int(slotWait.milliseconds)
                let response = try await exchange(path: "chat/completions", body: body.data, what: what, span: span)
                guard (200..<300).contains(response.status) else {
                    if request.schema != nil, !fallback, [400, 422, 500].contains(response.status),
                        ServerMessage.mentionsResponseFormat(response.body)
                    {
                        if enableJSONObjectFallback() {
                            logger.notice("the server rejected response_format json_schema; using json_object from now on")
                        }
                        let message = ServerMessage.extract(from: response.body, secrets: route.secrets)
                        throw LLMError.responseFormatUnsupported(response.status, what: what, serverMessage: message)
                    }
                    throw httpError(response, what: what)
                }
                let reply = try decodeChat(response.body, what: what, structured: request.schema != nil)
                annotateChatResponse(span, reply: reply, structured: request.schema != nil)
                if let cache { cache.write((fallback == firstFallback ? firstKey : nil) ?? cacheKey(body.data), response.body) }
                return reply
            }
        }
    }

    /// The reply the cache holds for `request`, in an LLM span marked `hinbox.cache.hit` (no cost:
    /// nothing was paid); nil on a miss or an unreadable entry.
    private func cachedReply(
        to request: ChatRequest, body: OpenAIWire.ChatBody, fallback: Bool, key: String, cache: ReplyCache, what: String
    ) async -> ChatResponse? {
        guard let stored = cache.read(key) else { return nil }
        guard var reply = try? decodeChat(stored, what: what, structured: request.schema != nil) else {
            cache.remove(key)
            return nil
        }
        reply.fromCache = true
        return await withOpenInferenceSpan("ChatCompletion", kind: .llm) { span in
            annotateChatRequest(span, request: request, body: body, fallback: fallback, attempt: 0)
            span.attributes["hinbox.cache.hit"] = true
            annotateChatResponse(span, reply: reply, structured: request.schema != nil)
            return reply
        }
    }

    /// The reply cache's key of a chat request body sent to this client's server.
    private func cacheKey(_ body: Data) -> String {
        ReplyCache.key(descriptor, endpoint: route.url("chat/completions"), body: body)
    }

    /// The reply's text. A busy provider's faults (no choices, no content, a structured reply
    /// whose JSON is cut off or broken) are transient and retried; a reply that is not an OpenAI
    /// chat completion at all, or a refusal, is not.
    private func decodeChat(_ body: Data, what: String, structured: Bool) throws -> ChatResponse {
        guard let completion = OpenAIWire.ChatCompletion(json: body) else {
            if let error = embeddedError(body, what: what) { throw error }
            throw unreadableReply(body, what: what, expected: "an OpenAI chat completion")
        }
        guard let choice = completion.choices.first else {
            throw LLMError.invalidResponse(what: what, "the provider returned no choices", transient: true)
        }
        guard let content = choice.message?.content else {
            if let refusal = choice.message?.refusal.map({ ServerMessage.clean($0, secrets: route.secrets) }) {
                throw LLMError.invalidResponse(what: what, "the model refused: \(refusal)")
            }
            throw LLMError.invalidResponse(what: what, "the reply has no message content", transient: true)
        }
        if structured, StructuredChat.parseJSON(content) == nil {
            throw LLMError.invalidResponse(
                what: what,
                choice.finishReason == "length"
                    ? "the reply was cut off (finish_reason length) before its JSON was complete"
                    : "the reply's content is not JSON",
                transient: true)
        }
        let usage = completion.usage.flatMap { usage -> TokenUsage? in
            guard let prompt = usage.promptTokens else { return nil }
            let completionTokens = usage.completionTokens ?? max(0, (usage.totalTokens ?? prompt) - prompt)
            return TokenUsage(prompt: prompt, completion: completionTokens)
        }
        return ChatResponse(content: content, finishReason: choice.finishReason, usage: usage, model: completion.model)
    }

    // MARK: - Span attributes

    private func annotateChatRequest(
        _ span: any Span, request: ChatRequest, body: OpenAIWire.ChatBody, fallback: Bool, attempt: Int
    ) {
        var parameters: [String: JSONValue] = [:]
        if let temperature = request.temperature { parameters["temperature"] = .number(temperature) }
        if let maxTokens = request.maxTokens { parameters["max_tokens"] = .number(Double(maxTokens)) }
        if let schema = request.schema {
            parameters["response_format"] = .string(fallback ? "json_object" : "json_schema")
            parameters["schema"] = .string(schema.name)
        }
        span.updateAttributes { attributes in
            attributes.openInference.llmSystem = "openai"
            attributes.openInference.llmProvider = route.tracingProvider
            attributes.openInference.llmModelName = descriptor.model
            attributes.genAI.operationName = "chat"
            attributes.genAI.system = "openai"
            attributes.genAI.providerName = route.tracingProvider
            attributes.genAI.requestModel = descriptor.model
            if let temperature = request.temperature { attributes.genAI.requestTemperature = temperature }
            if let maxTokens = request.maxTokens { attributes.genAI.requestMaxTokens = maxTokens }
            attributes["hinbox.attempt"] = attempt
        }
        span.setInvocationParameters(JSONValue.object(parameters).jsonString)
        span.setInputMessages(body.messages.map { (role: $0.role.rawValue, content: $0.content) })
        // The body's messages array is exactly what `setInput(json: messages)` would encode.
        span.setInput(body.messagesJSON, mimeType: .json)
    }

    private func annotateChatResponse(_ span: any Span, reply: ChatResponse, structured: Bool) {
        span.setOutputMessages([(role: "assistant", content: reply.content)])
        let isJSON = structured && JSONValue.isValid(reply.content)
        span.setOutput(reply.content, mimeType: isJSON ? .json : .text)
        let priced = reply.fromCache ? nil : reply.usage.flatMap { self.cost(of: $0) }
        span.updateAttributes { attributes in
            if let finish = reply.finishReason {
                attributes.openInference.llmFinishReason = finish
                attributes.genAI.responseFinishReasons = [finish]
            }
            if let model = reply.model { attributes.genAI.responseModel = model }
            if let usage = reply.usage {
                attributes.openInference.llmPromptTokens = usage.prompt
                attributes.openInference.llmCompletionTokens = usage.completion
                attributes.openInference.llmTotalTokens = usage.total
                attributes.genAI.usageInputTokens = usage.prompt
                attributes.genAI.usageOutputTokens = usage.completion
            }
            if let cost = priced {
                attributes.openInference.llmPromptCost = cost.prompt
                attributes.openInference.llmCompletionCost = cost.completion
                attributes.openInference.llmTotalCost = cost.total
            }
        }
    }
}
