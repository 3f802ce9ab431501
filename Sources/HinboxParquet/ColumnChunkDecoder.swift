/// Decodes the pages of one flat column chunk (already read from the file) into values, nulls as `nil`.
struct ColumnChunkDecoder {
    let column: ParquetColumn
    let codec: Int32
    let options: ParquetReader.Options

    private var maxDefinitionLevel: Int { column.isOptional ? 1 : 0 }

    func decode(_ bytes: [UInt8], valueCount: Int) throws -> [ParquetValue?] {
        var cursor = ByteCursor(bytes)
        var dictionary: [ParquetValue]?
        var result: [ParquetValue?] = []
        while result.count < valueCount {
            guard !cursor.isAtEnd else {
                throw ParquetError.corrupt("the column chunk ends after \(result.count) of its \(valueCount) values")
            }
            let header = try PageHeader.decode(&cursor)
            let body = try cursor.take(Int(header.compressedSize), what: "page")
            guard Int(header.uncompressedSize) <= options.maxPageBytes else {
                throw ParquetError.corrupt("a page of \(header.uncompressedSize) bytes (limit \(options.maxPageBytes))")
            }
            let page = bytes[body]
            switch header.kind {
            case .dictionary?:
                guard header.encoding == 0 || header.encoding == 2 else {
                    throw ParquetError.unsupported("a dictionary page in \(PageHeader.encodingName(header.encoding)) encoding")
                }
                guard Int(header.valueCount) <= options.maxPageValues else { throw tooManyValues(header) }
                let plain = try Decompressor.decompress(page, codec: codec, size: Int(header.uncompressedSize))
                var values = ByteCursor(plain)
                dictionary = try PlainDecoder(column: column).decode(&values, count: Int(header.valueCount))
            case .dataV1?, .dataV2?:
                let count = Int(header.valueCount)
                guard count <= valueCount - result.count, count <= options.maxPageValues else { throw tooManyValues(header) }
                result += try dataPage(header, page, dictionary: dictionary)
            case .index?:
                continue
            case nil:
                throw ParquetError.corrupt("unknown page type \(header.type)")
            }
        }
        return result
    }

    // MARK: - Data pages

    private func dataPage(_ header: PageHeader, _ page: ArraySlice<UInt8>, dictionary: [ParquetValue]?) throws -> [ParquetValue?] {
        let count = Int(header.valueCount)
        var levels: [UInt32]?
        var values: ByteCursor
        if header.kind == .dataV2 {
            guard header.repetitionLevelsLength == 0 else { throw ParquetError.unsupported("repetition levels (a repeated column)") }
            let levelBytes = Int(header.definitionLevelsLength)
            guard levelBytes <= page.count, levelBytes <= Int(header.uncompressedSize) else {
                throw ParquetError.corrupt("definition levels of \(levelBytes) bytes in a page of \(page.count)")
            }
            let levelEnd = page.startIndex + levelBytes
            if maxDefinitionLevel > 0 {
                var cursor = ByteCursor(Array(page[page.startIndex..<levelEnd]))
                levels = try RLEHybridDecoder.decode(&cursor, bitWidth: 1, count: count)
            }
            let rest = page[levelEnd...]
            let size = Int(header.uncompressedSize) - levelBytes
            values = ByteCursor(header.isCompressed ? try Decompressor.decompress(rest, codec: codec, size: size) : Array(rest))
        } else {
            values = ByteCursor(try Decompressor.decompress(page, codec: codec, size: Int(header.uncompressedSize)))
            if maxDefinitionLevel > 0 {
                guard header.definitionLevelEncoding == 3 else {
                    throw ParquetError.unsupported("definition levels in \(PageHeader.encodingName(header.definitionLevelEncoding)) encoding")
                }
                let length = Int(try values.uint32LE())
                let range = try values.take(length, what: "definition levels")
                var cursor = ByteCursor(values.bytes, from: range.lowerBound, to: range.upperBound)
                levels = try RLEHybridDecoder.decode(&cursor, bitWidth: 1, count: count)
            }
        }
        let present = levels.map { $0.reduce(0) { $0 + ($1 == 1 ? 1 : 0) } } ?? count
        let decoded = try decodeValues(&values, encoding: header.encoding, count: present, dictionary: dictionary)
        guard let levels else { return decoded.map { $0 } }
        var result: [ParquetValue?] = []
        result.reserveCapacity(count)
        var next = 0
        for level in levels {
            if level == 1 {
                result.append(decoded[next])
                next += 1
            } else {
                result.append(nil)
            }
        }
        return result
    }

    private func decodeValues(_ cursor: inout ByteCursor, encoding: Int32, count: Int, dictionary: [ParquetValue]?) throws -> [ParquetValue] {
        switch encoding {
        case 0:
            return try PlainDecoder(column: column).decode(&cursor, count: count)
        case 2, 8:
            guard let dictionary else { throw ParquetError.corrupt("a dictionary-encoded page without a dictionary page") }
            let bitWidth = Int(try cursor.byte())
            let indices = try RLEHybridDecoder.decode(&cursor, bitWidth: bitWidth, count: count)
            return try indices.map { index in
                guard Int(index) < dictionary.count else {
                    throw ParquetError.corrupt("dictionary index \(index) beyond the \(dictionary.count) dictionary entries")
                }
                return dictionary[Int(index)]
            }
        case 3 where column.physicalType == 0:
            // Booleans in RLE (data page v2 writers use it): a length, then 1-bit runs.
            let length = Int(try cursor.uint32LE())
            let range = try cursor.take(length, what: "boolean runs")
            var runs = ByteCursor(cursor.bytes, from: range.lowerBound, to: range.upperBound)
            return try RLEHybridDecoder.decode(&runs, bitWidth: 1, count: count).map { .boolean($0 == 1) }
        default:
            throw ParquetError.unsupported("\(PageHeader.encodingName(encoding)) encoding")
        }
    }

    private func tooManyValues(_ header: PageHeader) -> ParquetError {
        ParquetError.corrupt("a page of \(header.valueCount) values, more than the column chunk has left or the limit of \(options.maxPageValues)")
    }
}
