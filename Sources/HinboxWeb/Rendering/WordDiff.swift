/// A word-level diff of two texts as HTML: removed words in `<del>`, added ones in `<ins>`,
/// everything escaped. Falls back to whole lines when the texts are too long for word LCS.
///
/// Works on the texts' UTF-8 bytes: tokens are byte ranges numbered by content, so the table
/// compares integers and nothing is retained or copied per token (the Substring version spent
/// most of its time in reference counting and hashing: 79 µs for a 10-sentence profile, ~10% of
/// an entity page).
enum WordDiff {
    static func html(from old: String, to new: String) -> String {
        var old = old, new = new
        return old.withUTF8 { a in
            new.withUTF8 { b in
                var diff = Diff(a, b)
                return diff.html()
            }
        }
    }

    /// A token: `bytes[start..<end]` of one of the texts, and its number (equal content, equal number).
    private struct Token {
        var start: Int
        var end: Int
        var number: Int32 = 0
    }

    /// Token contents as dictionary keys, compared and hashed by bytes (valid inside `html`).
    private struct Bytes: Hashable {
        let buffer: UnsafeRawBufferPointer
        static func == (lhs: Bytes, rhs: Bytes) -> Bool { lhs.buffer.elementsEqual(rhs.buffer) }
        func hash(into hasher: inout Hasher) { hasher.combine(bytes: buffer) }
    }

    private struct Diff {
        let a: UnsafeBufferPointer<UInt8>
        let b: UnsafeBufferPointer<UInt8>
        var output: [UInt8] = []

        init(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) {
            self.a = a
            self.b = b
            output.reserveCapacity(a.count + b.count + 256)
        }

        mutating func html() -> String {
            var x = WordDiff.words(a)
            var y = WordDiff.words(b)
            WordDiff.number(&x, in: a, &y, in: b)
            // The shared beginning and end (most of a revised profile) need no table.
            let prefix = zip(x, y).prefix { $0.number == $1.number }.count
            let suffix = zip(x[prefix...].reversed(), y[prefix...].reversed()).prefix { $0.number == $1.number }.count
            for token in x[..<prefix] { escape(a, token) }
            var middleX = Array(x[prefix..<(x.count - suffix)])
            var middleY = Array(y[prefix..<(y.count - suffix)])
            if middleX.count * middleY.count > 1_500_000 {
                middleX = WordDiff.lines(a, from: middleX.first?.start ?? 0, to: middleX.last?.end ?? 0)
                middleY = WordDiff.lines(b, from: middleY.first?.start ?? 0, to: middleY.last?.end ?? 0)
                WordDiff.number(&middleX, in: a, &middleY, in: b)
            }
            appendChanges(middleX, middleY)
            for token in x[(x.count - suffix)...] { escape(a, token) }
            return String(decoding: output, as: UTF8.self)
        }

        /// The changes between `x` and `y` by longest common subsequence, in one flat table.
        private mutating func appendChanges(_ x: [Token], _ y: [Token]) {
            // lcs[i * width + j] = length of the longest common subsequence of x[i...] and y[j...].
            let width = y.count + 1
            var lcs = [Int32](repeating: 0, count: (x.count + 1) * width)
            lcs.withUnsafeMutableBufferPointer { table in
                for i in stride(from: x.count - 1, through: 0, by: -1) {
                    let row = i * width, below = row + width, number = x[i].number
                    for j in stride(from: y.count - 1, through: 0, by: -1) {
                        table[row + j] = number == y[j].number ? table[below + j + 1] &+ 1 : max(table[below + j], table[row + j + 1])
                    }
                }
            }
            var i = 0, j = 0
            while i < x.count || j < y.count {
                if i < x.count, j < y.count, x[i].number == y[j].number {
                    escape(a, x[i]); i += 1; j += 1
                } else if i < x.count, j == y.count || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
                    output.append(contentsOf: "<del>".utf8); escape(a, x[i]); output.append(contentsOf: "</del>".utf8); i += 1
                } else {
                    output.append(contentsOf: "<ins>".utf8); escape(b, y[j]); output.append(contentsOf: "</ins>".utf8); j += 1
                }
            }
        }

        /// Appends a token's bytes, escaped.
        private mutating func escape(_ text: UnsafeBufferPointer<UInt8>, _ token: Token) {
            HTML.escape(text[token.start..<token.end], into: &output)
        }
    }

    /// Numbers the tokens of both texts by content: equal bytes, equal number.
    private static func number(_ x: inout [Token], in a: UnsafeBufferPointer<UInt8>, _ y: inout [Token], in b: UnsafeBufferPointer<UInt8>) {
        var numbers: [Bytes: Int32] = [:]
        func assign(_ tokens: inout [Token], _ text: UnsafeBufferPointer<UInt8>) {
            let base = UnsafeRawBufferPointer(text)
            for index in tokens.indices {
                let key = Bytes(buffer: UnsafeRawBufferPointer(rebasing: base[tokens[index].start..<tokens[index].end]))
                if let number = numbers[key] {
                    tokens[index].number = number
                } else {
                    let number = Int32(numbers.count)
                    numbers[key] = number
                    tokens[index].number = number
                }
            }
        }
        assign(&x, a)
        assign(&y, b)
    }

    /// Words with their trailing whitespace, so joining them gives the text back. Whitespace is
    /// ASCII's six characters and every scalar Unicode calls whitespace.
    private static func words(_ text: UnsafeBufferPointer<UInt8>) -> [Token] {
        var result: [Token] = []
        var start = 0, index = 0, inSpace = false
        while index < text.count {
            let (isSpace, length) = whitespace(text, at: index)
            if isSpace {
                inSpace = true
            } else if inSpace {
                result.append(Token(start: start, end: index))
                start = index
                inSpace = false
            }
            index += length
        }
        if start < text.count { result.append(Token(start: start, end: text.count)) }
        return result
    }

    /// Whether the scalar at `index` (a lead byte of valid UTF-8) is whitespace, and its length.
    private static func whitespace(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (Bool, Int) {
        let lead = text[index]
        if lead < 0x80 {
            return (lead == 0x20 || (0x09...0x0D).contains(lead), 1)
        }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = value << 6 | UInt32(text[index + offset] & 0x3F) }
        return (Unicode.Scalar(value)?.properties.isWhitespace ?? false, length)
    }

    /// The lines of `text[start..<end]`, each with its newline.
    private static func lines(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> [Token] {
        var result: [Token] = []
        var lineStart = start
        for index in start..<end where text[index] == UInt8(ascii: "\n") {
            result.append(Token(start: lineStart, end: index + 1))
            lineStart = index + 1
        }
        result.append(Token(start: lineStart, end: end))
        return result
    }
}
