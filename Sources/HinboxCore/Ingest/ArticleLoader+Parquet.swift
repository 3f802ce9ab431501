import HinboxParquet

extension ArticleLoader {
    /// Reads a Parquet file one row group at a time, each row through the same field mapping as a
    /// JSON record (``ArticleFields``); other columns are never decoded.
    ///
    /// A row without text is reported and skipped like a bad JSON record. A damaged row group ends
    /// the file with a problem, keeping the rows already read.
    func readParquet(file: String) -> ([Article], [IngestProblem]) {
        let reader: ParquetReader
        do {
            reader = try ParquetReader(path: file)
        } catch {
            return ([], [IngestProblem(location: file, reason: "\(error)")])
        }
        var names = Set(reader.columns.map(\.name)).intersection(ArticleFields.allKeys)
        var problems: [IngestProblem] = []
        // A field column the reader cannot decode is left out (the articles lose that field), not the whole file.
        for column in reader.columns where names.contains(column.name) {
            guard case .unsupported(let reason) = column.kind else { continue }
            names.remove(column.name)
            problems.append(IngestProblem(location: file, reason: "column '\(column.name)' not read (\(reason) is not supported); the other columns are"))
        }
        guard !names.isDisjoint(with: ArticleFields.contentKeys) else {
            let columns = reader.columns.map(\.name).joined(separator: ", ")
            return ([], problems + [IngestProblem(location: file, reason: "no readable article text column: expected one of "
                + "\(ArticleFields.contentKeys.joined(separator: ", ")); the file has \(columns)")])
        }
        var articles: [Article] = []
        var rowNumber = 0
        rowGroups: for index in 0..<reader.rowGroupCount {
            let group: ParquetRowGroup
            while true {
                do {
                    group = try reader.readRowGroup(index, columns: names)
                    break
                } catch let error as ParquetError where error.isUnsupported && error.column.map({ !ArticleFields.contentKeys.contains($0) }) == true {
                    // An encoding the reader lacks in a field column (a DELTA-encoded date): read on without it.
                    names.remove(error.column ?? "")
                    problems.append(IngestProblem(location: file, reason: "column '\(error.column ?? "")' not read from row group \(index + 1) on: \(error)"))
                } catch {
                    problems.append(IngestProblem(location: file, reason: "row group \(index + 1) of \(reader.rowGroupCount): \(error); the rest of the file was skipped"))
                    break rowGroups
                }
            }
            for row in 0..<group.rowCount {
                rowNumber += 1
                var object: [String: JSONValue] = [:]
                for (name, values) in group.columns {
                    if let value = Self.jsonValue(values[row]) { object[name] = value }
                }
                do { articles.append(try ArticleFields.article(from: object, source: "\(file)#\(rowNumber)")) } catch { problems.append(error) }
            }
        }
        if articles.isEmpty, problems.isEmpty {
            problems.append(IngestProblem(location: file, reason: "no rows"))
        }
        return (articles, problems)
    }

    /// A Parquet value as the JSON value ``ArticleFields`` expects: text as strings, integers as
    /// numbers (Unix seconds for a date field), timestamps and dates as ISO dates.
    static func jsonValue(_ value: ParquetValue?) -> JSONValue? {
        switch value {
        case nil: return nil
        case .string(let text)?: return .string(text)
        case .bytes(let bytes)?: return String(validating: bytes, as: UTF8.self).map(JSONValue.string)
        case .int32(let number)?: return .number(Double(number))
        case .int64(let number)?: return .number(Double(number))
        case .float(let number)?: return .number(Double(number))
        case .double(let number)?: return .number(number)
        case .boolean: return nil
        case .timestamp(let stamp)?:
            let seconds = stamp.secondsSince1970
            guard seconds.isFinite, abs(seconds) < 1e13 else { return nil }
            return .string(isoDate(daysSince1970: Int64((seconds / 86_400).rounded(.down))))
        case .date(let days)?: return .string(isoDate(daysSince1970: Int64(days)))
        }
    }

    /// `YYYY-MM-DD` of a day count since 1970-01-01 (proleptic Gregorian, Howard Hinnant's civil_from_days).
    static func isoDate(daysSince1970 days: Int64) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let pad = { (value: Int64, width: Int) in String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
