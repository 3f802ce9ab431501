import Foundation

/// Reads a file as UTF-8 text, refusing what is not an article: too large, empty, binary, or
/// not valid UTF-8. The size is checked before anything is read.
enum FileText {
    /// The text, and whether invalid UTF-8 was replaced (only with `lossy`, for line-based files
    /// whose bad lines are reported one by one).
    static func read(path: String, maxBytes: Int, lossy: Bool = false) -> Swift.Result<(text: String, replaced: Bool), IngestProblem> {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            return .failure(IngestProblem(location: path, reason: "cannot read file (\(ArticleLoader.reason(error)))"))
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > maxBytes {
            return .failure(IngestProblem(
                location: path,
                reason: String(
                    format: "file is %.1f MB, over the %.1f MB limit; split it or raise --max-file-mb",
                    Double(size) / 1_048_576, Double(maxBytes) / 1_048_576)))
        }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            return .failure(IngestProblem(location: path, reason: "cannot read file (permission denied?)"))
        }
        if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .failure(IngestProblem(location: path, reason: "empty file"))
        }
        if data.prefix(8192).contains(0) {
            return .failure(IngestProblem(location: path, reason: "binary file, not text"))
        }
        var replaced = false
        var text: String
        if let strict = String(data: data, encoding: .utf8) {
            text = strict
        } else if lossy {
            text = String(decoding: data, as: UTF8.self)
            replaced = true
        } else {
            return .failure(IngestProblem(location: path, reason: "not valid UTF-8 text; convert it to UTF-8"))
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return .success((text, replaced))
    }
}
