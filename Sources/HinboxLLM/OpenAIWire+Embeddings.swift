import Foundation
import HinboxCore

extension OpenAIWire.Embeddings {
    /// Reads an embeddings body with hinbox's own JSON parser (a batch is thousands of numbers;
    /// `JSONDecoder` spent more CPU on it than the rest of the call): `data` and each item's
    /// `embedding` (numbers) are required; `index`, `usage` and `model` may be absent or `null`;
    /// a field of the wrong type makes the whole reply unreadable (`nil`).
    init?(json body: Data) {
        guard case .object(let root)? = JSONValue.parse(utf8: body), case .array(let items)? = root["data"],
            let usage = OpenAIWire.optional(root["usage"], OpenAIWire.Usage.init(json:)),
            let model = OpenAIWire.optional(root["model"], \.stringValue)
        else { return nil }
        var data: [Item] = []
        data.reserveCapacity(items.count)
        for item in items {
            guard case .object(let fields) = item, case .array(let numbers)? = fields["embedding"],
                let index = OpenAIWire.optional(fields["index"], OpenAIWire.integer)
            else { return nil }
            var vector: [Float] = []
            vector.reserveCapacity(numbers.count)
            for number in numbers {
                guard case .number(let value) = number else { return nil }
                vector.append(Float(value))
            }
            data.append(Item(index: index, embedding: vector))
        }
        self.init(data: data, usage: usage, model: model)
    }
}
