import Foundation
import HinboxCore

extension OpenAIWire.ChatCompletion {
    /// Reads a chat completion body with hinbox's own JSON parser, with the rules the `Decodable`
    /// version had: `choices` is required; every other field may be absent or `null`; a field of
    /// the wrong type makes the whole reply unreadable (`nil`).
    init?(json body: Data) {
        guard case .object(let root)? = JSONValue.parse(utf8: body), case .array(let items)? = root["choices"],
            let usage = OpenAIWire.optional(root["usage"], OpenAIWire.Usage.init(json:)),
            let model = OpenAIWire.optional(root["model"], \.stringValue)
        else { return nil }
        var choices: [Choice] = []
        choices.reserveCapacity(items.count)
        for item in items {
            guard case .object(let fields) = item,
                let message = OpenAIWire.optional(fields["message"], Choice.Message.init(json:)),
                let finishReason = OpenAIWire.optional(fields["finish_reason"], \.stringValue)
            else { return nil }
            choices.append(Choice(message: message, finishReason: finishReason))
        }
        self.init(choices: choices, usage: usage, model: model)
    }
}

extension OpenAIWire.ChatCompletion.Choice.Message {
    init?(json: JSONValue) {
        guard case .object(let fields) = json,
            let content = OpenAIWire.optional(fields["content"], \.stringValue),
            let refusal = OpenAIWire.optional(fields["refusal"], \.stringValue)
        else { return nil }
        self.init(content: content, refusal: refusal)
    }
}

extension OpenAIWire.Usage {
    init?(json: JSONValue) {
        guard case .object(let fields) = json,
            let prompt = OpenAIWire.optional(fields["prompt_tokens"], OpenAIWire.integer),
            let completion = OpenAIWire.optional(fields["completion_tokens"], OpenAIWire.integer),
            let total = OpenAIWire.optional(fields["total_tokens"], OpenAIWire.integer)
        else { return nil }
        self.init(promptTokens: prompt, completionTokens: completion, totalTokens: total)
    }
}

/// Field readers shared by the reply types' `init?(json:)`.
extension OpenAIWire {
    /// `.some(nil)` when absent or `null`, `.some(value)` when readable, `nil` when of the wrong type.
    static func optional<T>(_ value: JSONValue?, _ read: (JSONValue) -> T?) -> T?? {
        guard let value, value != .null else { return .some(nil) }
        return read(value).map { .some($0) }
    }

    /// A JSON number that is a whole `Int`, as `Decodable` would read it.
    static func integer(_ value: JSONValue) -> Int? {
        guard let number = value.doubleValue, number.rounded() == number, abs(number) < 9e15 else { return nil }
        return Int(number)
    }
}
