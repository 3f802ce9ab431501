import Foundation
import HinboxCore
import HinboxTracing
import Logging
import Tracing

extension OpenAICompatibleClient {
    /// Runs `attempt` (one HTTP exchange in its own span, given its 1-based number and how long it
    /// waited for a slot under the shared limit) until it succeeds, fails for good, or the retry
    /// budget is spent. Slot waits are added to the article's ``WaitLedger``.
    func withRetries<T>(_ operation: String, _ attempt: (_ number: Int, _ slotWait: Duration) async throws -> T) async throws -> T {
        var attemptNumber = 0
        var failures = 0
        var unreachable = 0
        var fallbacks = 0
        while true {
            try Task.checkCancellation()
            if let open = breaker.openError() { throw open }
            attemptNumber += 1
            let number = attemptNumber
            do {
                let asked = ContinuousClock.now
                let result = try await limiter.withPermit(rank: RequestOrder.rank) {
                    let waited = ContinuousClock.now - asked
                    WaitLedger.current?.add(waited, to: .modelSlot)
                    return try await attempt(number, waited)
                }
                breaker.recordAnswer()
                return result
            } catch let error as LLMError {
                if error.serverAnswered { breaker.recordAnswer() }
                if error.isResponseFormatUnsupported, fallbacks == 0 {
                    fallbacks += 1
                    continue
                }
                if error.isUnreachable {
                    breaker.recordConnectionFailure(error)
                    unreachable += 1
                    failures += 1
                    if unreachable >= retryPolicy.maxUnreachableAttempts || failures >= retryPolicy.maxAttempts {
                        throw error
                    }
                } else {
                    guard error.isRetryable else { throw error }
                    failures += 1
                    if failures >= retryPolicy.maxAttempts {
                        throw error.appending("(gave up after \(attemptNumber) attempts)")
                    }
                }
                let delay = retryPolicy.delay(afterFailure: failures, retryAfter: error.retryAfter)
                logger.info(
                    "\(operation) attempt \(number) failed, retrying",
                    metadata: [
                        "error": "\(error.message)",
                        "retry_in_ms": "\(delay.milliseconds)",
                        "attempt": "\(number)",
                    ])
                try await retryPolicy.sleep(delay)
            }
        }
    }

    /// POSTs `body` (JSON bytes) to `{base}/{path}`; records the HTTP status on `span`; maps network faults to
    /// ``LLMError``. Returns any status; callers decide what a non-2xx means.
    func exchange(path: String, body: Data, what: String, span: any Span) async throws -> TransportResponse {
        var headers = ["Content-Type": "application/json", "Accept": "application/json"]
        if let key = route.apiKey { headers["Authorization"] = "Bearer \(key)" }
        let request = TransportRequest(
            url: route.url(path), headers: headers, body: body, timeout: requestTimeout)
        logger.debug("POST \(route.url(path))")
        do {
            let response = try await transport.send(request)
            span.attributes["http.response.status_code"] = response.status
            return response
        } catch let error as TransportError {
            let detail = ServerMessage.clean(error.detail, secrets: route.secrets)
            if error.isCannotConnect { throw unreachableError(detail) }
            if error.isTimedOut { throw LLMError.timedOut(what: what, detail: detail) }
            throw LLMError.connectionLost(what: what, detail: detail)
        }
    }

    /// The error for a non-2xx answer: the server's message (trimmed, scrubbed) and what to do.
    func httpError(_ response: TransportResponse, what: String) -> LLMError {
        let message = ServerMessage.extract(from: response.body, secrets: route.secrets)
        let model = route.descriptor.model
        let hint: String? =
            switch response.status {
            case 401, 403:
                if let variable = route.apiKeyVariable {
                    "check \(variable)" + (route.apiKeyIsSecret ? "" : " (it is not set)")
                } else {
                    "check the server's API key setting" + (route.hints.serverKey.map { " (\($0))" } ?? "")
                }
            case 404: "check the model name '\(model)' and the base URL \(route.baseURL)"
            case 413: "the input is too long for the server; shorten it"
            case 429: "the provider is rate limiting; lower llm_concurrency or try later"
            case 500...599: "the server failed; try again later"
            default: nil
            }
        return LLMError.httpStatus(
            response.status, what: what, serverMessage: message, hint: hint,
            retryAfter: ServerMessage.retryAfter(response.headers))
    }

    /// A 2xx body that is an error object (OpenRouter forwards upstream failures this way).
    func embeddedError(_ body: Data, what: String) -> LLMError? {
        guard let json = JSONValue.parse(String(decoding: body, as: UTF8.self)), let error = json["error"] else {
            return nil
        }
        let code = error["code"]?.doubleValue.map { Int($0) } ?? 502
        let message = ServerMessage.extract(from: body, secrets: route.secrets)
        return LLMError.httpStatus(
            (400...599).contains(code) ? code : 502, what: what, serverMessage: message,
            hint: "the provider reported an error inside a successful reply")
    }

    /// The error for a 2xx body that cannot be read. A body cut off, empty or otherwise broken is a
    /// busy provider's fault (transient, retried); one that is complete JSON of another shape, or
    /// HTML, comes from a server that is not OpenAI-compatible: the base URL is the likely cause.
    func unreadableReply(_ body: Data, what: String, expected: String) -> LLMError {
        let excerpt = ServerMessage.clean(String(decoding: body.prefix(200), as: UTF8.self), secrets: route.secrets)
        let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if first == UInt8(ascii: "<") || (first != nil && JSONValue.parse(utf8: body) != nil) {
            return LLMError.invalidResponse(
                what: what, "the reply is not \(expected) (\(excerpt)) — check the base URL \(route.baseURL)")
        }
        let problem = first == nil ? "the reply was empty" : "the reply is not complete JSON (\(excerpt))"
        return LLMError.invalidResponse(what: what, problem, transient: true)
    }

    /// "Cannot reach {base} — is the server running? …" with a provider-specific next step.
    func unreachableError(_ detail: String) -> LLMError {
        let hint = route.hints.unreachable
            ?? "Check your network connection" + (route.baseURLVariable.map { ", or set \($0)" } ?? "") + "."
        return LLMError.unreachable(baseURL: route.baseURL, detail: detail, hint: hint)
    }

    /// Tokens priced with this client's model price, if any.
    func cost(of usage: TokenUsage) -> (prompt: Double, completion: Double, total: Double)? {
        price?.cost(of: usage)
    }
}
