import HinboxParquet
#if os(Linux)
/// glibc's `malloc_trim`, which the Glibc module does not export.
@_silgen_name("malloc_trim") private func mallocTrim(_ pad: Int) -> Int32
#endif

/// The articles of one Parquet file, one row group at a time, each row through the same field
/// mapping as a JSON record (``ArticleFields``); other columns are never decoded. Only the row
/// group being read is in memory, so a multi-gigabyte file never is whole.
///
/// A row without text is reported and skipped like a bad JSON record. A damaged row group ends
/// the file with a problem, keeping the rows already read.
final class ParquetArticles {
    let file: String
    /// What went wrong so far (the file, a column, a row).
    private(set) var problems: [IngestProblem] = []
    private let reader: ParquetReader?
    private var names: Set<String> = []
    private var nextGroup = 0
    private var rowNumber = 0
    /// Articles returned so far.
    private(set) var yielded = 0

    init(file: String) {
        self.file = file
        do {
            reader = try ParquetReader(path: file)
        } catch {
            reader = nil
            problems.append(IngestProblem(location: file, reason: "\(error)"))
            return
        }
        guard let reader else { return }
        names = Set(reader.columns.map(\.name)).intersection(ArticleFields.allKeys)
        // A field column the reader cannot decode is left out (the articles lose that field), not the whole file.
        for column in reader.columns where names.contains(column.name) {
            guard case .unsupported(let reason) = column.kind else { continue }
            names.remove(column.name)
            problems.append(IngestProblem(location: file, reason: "column '\(column.name)' not read (\(reason) is not supported); the other columns are"))
        }
        if names.isDisjoint(with: ArticleFields.contentKeys) {
            let columns = reader.columns.map(\.name).joined(separator: ", ")
            problems.append(IngestProblem(location: file, reason: "no readable article text column: expected one of "
                + "\(ArticleFields.contentKeys.joined(separator: ", ")); the file has \(columns)"))
            nextGroup = reader.rowGroupCount
        }
    }

    /// The next row group's articles; nil after the last one (or after damage).
    func nextRowGroup() -> [Article]? {
        guard let reader, nextGroup < reader.rowGroupCount else { return nil }
        let index = nextGroup
        nextGroup += 1
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
                nextGroup = reader.rowGroupCount
                return nil
            }
        }
        var articles: [Article] = []
        for row in 0..<group.rowCount {
            rowNumber += 1
            var object: [String: JSONValue] = [:]
            for (name, values) in group.columns {
                if let value = ArticleLoader.jsonValue(values[row]) { object[name] = value }
            }
            do { articles.append(try ArticleFields.article(from: object, source: "\(file)#\(rowNumber)")) } catch { problems.append(error) }
        }
        yielded += articles.count
        #if os(Linux)
        // The row group's pages and strings are freed by now; hand the memory back to the system,
        // or glibc keeps each thread's arena at its high-water mark (several row groups' worth).
        _ = mallocTrim(0)
        #endif
        return articles
    }
}
