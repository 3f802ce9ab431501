public import HinboxCore

/// An error from routing a model string or calling an OpenAI-compatible server.
///
/// The description is one or two sentences a user can act on ("… check OPENAI_API_KEY"). It never
/// contains an API key: server messages are trimmed and scrubbed before they are kept.
public struct LLMError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case invalidModel, unknownProvider, invalidBaseURL, missingAPIKey
        case httpStatus, responseFormatUnsupported, unreachable, timedOut, connectionLost
        case invalidResponse
    }

    private let code: Code
    /// What went wrong and what to do about it.
    public let message: String
    /// The HTTP status the server answered with, when it answered.
    public let httpStatus: Int?
    /// Whether trying the same request again may succeed (429, 5xx, timeouts, lost connections).
    public let isRetryable: Bool
    /// The delay the server asked for (`Retry-After`), if any.
    let retryAfter: Duration?

    private init(_ code: Code, _ message: String, status: Int? = nil, retryable: Bool = false, retryAfter: Duration? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = status
        self.isRetryable = retryable
        self.retryAfter = retryAfter
    }

    /// The message.
    public var description: String { message }

    /// Whether the server could not be reached at all (refused, unresolvable, connect timeout,
    /// or the client's circuit breaker is open).
    public var isUnreachable: Bool { code == .unreachable }

    /// Whether the error comes from the model string, base URL or key rather than from a call.
    public var isConfigurationError: Bool {
        [.invalidModel, .unknownProvider, .invalidBaseURL, .missingAPIKey].contains(code)
    }

    /// Whether the server rejected `response_format: json_schema` (the client falls back).
    var isResponseFormatUnsupported: Bool { code == .responseFormatUnsupported }

    /// Whether an HTTP response arrived (the server is reachable, whatever it said).
    var serverAnswered: Bool { httpStatus != nil }

    /// The same error with `note` appended to the message.
    func appending(_ note: String) -> LLMError {
        LLMError(code, "\(message) \(note)", status: httpStatus, retryable: isRetryable, retryAfter: retryAfter)
    }

    // MARK: - Routing

    static func invalidModel(_ message: String) -> LLMError {
        LLMError(.invalidModel, "Invalid model: \(message).")
    }

    static func unknownProvider(model: String, prefixes: [String], access: ModelAccess) -> LLMError {
        let list = prefixes.map { "\($0)/" }.joined(separator: ", ")
        return LLMError(
            .unknownProvider,
            "Unknown model provider in '\(model)': use one of \(list) (e.g. openai/gpt-4o-mini), "
                + "or point hinbox at any OpenAI-compatible server with \(access.baseURLFlag) URL (or \(access.baseURL.name)) "
                + "and send the model name as is (key from \(access.apiKey.name)).")
    }

    static func invalidBaseURL(_ url: String) -> LLMError {
        LLMError(.invalidBaseURL, "Invalid base URL '\(url)': expected http(s)://host[:port]/path, e.g. http://127.0.0.1:8080/v1.")
    }

    static func missingAPIKey(model: String, variables: [String]) -> LLMError {
        let first = variables.first ?? "the API key variable"
        let alternatives = variables.dropFirst().map { " (or \($0))" }.joined()
        return LLMError(
            .missingAPIKey,
            "\(first)\(alternatives) is not set, and \(model) needs it: export \(first)=… "
                + "or choose a local model such as local/smollm2-135m-instruct.")
    }

    // MARK: - Calls

    /// An HTTP error status. `hint` says what to do; the server's message is already scrubbed.
    static func httpStatus(
        _ status: Int, what: String, serverMessage: String, hint: String?, retryAfter: Duration? = nil
    ) -> LLMError {
        let retryable = status == 429 || status == 408 || [500, 502, 503, 504].contains(status)
        var text = "\(what): HTTP \(status)"
        if !serverMessage.isEmpty { text += ": \(serverMessage)" }
        if let hint { text += " — \(hint)" }
        return LLMError(.httpStatus, text, status: status, retryable: retryable, retryAfter: retryAfter)
    }

    /// The server rejected structured output; the client retries with `json_object`.
    static func responseFormatUnsupported(_ status: Int, what: String, serverMessage: String) -> LLMError {
        LLMError(
            .responseFormatUnsupported,
            "\(what): HTTP \(status): the server does not accept response_format json_schema (\(serverMessage)); "
                + "retrying with json_object and the schema in the prompt.",
            status: status)
    }

    static func unreachable(baseURL: String, detail: String, hint: String) -> LLMError {
        LLMError(.unreachable, "Cannot reach \(baseURL) (\(detail)) — is the server running? \(hint)")
    }

    static func timedOut(what: String, detail: String) -> LLMError {
        LLMError(.timedOut, "\(what): no answer in time (\(detail)).", retryable: true)
    }

    static func connectionLost(what: String, detail: String) -> LLMError {
        LLMError(.connectionLost, "\(what): the connection failed (\(detail)).", retryable: true)
    }

    /// A reply that cannot be used. `transient` marks faults a busy provider produces now and then
    /// (no choices, no content, a body that is not JSON or is cut off): they are retried like
    /// transport faults, with the same back-off and attempt budget.
    static func invalidResponse(what: String, _ message: String, status: Int? = 200, transient: Bool = false) -> LLMError {
        LLMError(.invalidResponse, "\(what): \(message)", status: status, retryable: transient)
    }
}

extension LLMError: TransientFailure {
    /// A retryable error the client gave up on: the pipeline may try the whole step again.
    public var isTransient: Bool { isRetryable }
}
