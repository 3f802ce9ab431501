import Foundation

/// Reads an article from a JSON object with the original hinbox's field fallbacks:
/// id ← id|article_id|_id, title ← title|article_title|headline, url ← url|article_url,
/// published_date ← published_date|date (ISO text or Unix seconds), content ←
/// content|clean_text|text|body.
enum ArticleFields {
    static let idKeys = ["id", "article_id", "_id"]
    static let titleKeys = ["title", "article_title", "headline"]
    static let urlKeys = ["url", "article_url"]
    static let dateKeys = ["published_date", "date"]
    static let contentKeys = ["content", "clean_text", "text", "body"]
    /// Every field name that is read; other fields are ignored.
    static let allKeys = Set(idKeys + titleKeys + urlKeys + dateKeys + contentKeys)

    static func article(from object: [String: JSONValue], source: String) throws(IngestProblem) -> Article {
        func firstString(_ keys: [String]) -> String? {
            for key in keys {
                switch object[key] {
                case .string(let value) where !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty: return value
                case .number(let value): return value.rounded() == value && abs(value) < 9e18 ? String(Int64(value)) : String(value)
                default: continue
                }
            }
            return nil
        }
        guard let content = firstString(contentKeys) else {
            throw IngestProblem(location: source, reason: "no article text: expected one of content, clean_text, text or body")
        }
        let title = firstString(titleKeys) ?? TextArticle.firstLine(of: content) ?? "(untitled)"
        let id = firstString(idKeys) ?? "doc-" + Hashing.sha256Hex(content).prefix(12)
        var date: String?
        for key in dateKeys {
            if let value = object[key], let normalized = DateNormalizer.isoDate(from: value) {
                date = normalized
                break
            }
        }
        return Article(
            id: id, title: title, url: firstString(urlKeys), publishedDate: date,
            content: content, source: source)
    }
}

/// Normalises published dates to `YYYY-MM-DD`.
public enum DateNormalizer {
    /// ISO text (date or date-time) or Unix seconds → `YYYY-MM-DD`; nil when unreadable.
    public static func isoDate(from value: JSONValue) -> String? {
        switch value {
        case .number(let seconds):
            return format(unixTime: seconds)
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if let seconds = Double(trimmed), trimmed.count >= 9 { return format(unixTime: seconds) }
            return isoDate(from: trimmed)
        default:
            return nil
        }
    }

    /// The `YYYY-MM-DD` prefix of an ISO date or date-time, validated; month-only → first of month.
    public static func isoDate(from text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.prefix(10).split(separator: "-")
        guard parts.count >= 2, let year = Int(parts[0]), (1000...9999).contains(year),
            let month = Int(parts[1]), (1...12).contains(month)
        else { return nil }
        let day = parts.count >= 3 ? Int(parts[2].prefix(2)) ?? 1 : 1
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Reject days the month does not have (2025-02-30).
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
            let days = calendar.range(of: .day, in: .month, for: date), days.contains(day)
        else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Unix seconds (or milliseconds, when the value is too large to be seconds) → `YYYY-MM-DD`.
    private static func format(unixTime value: Double) -> String? {
        let seconds = value > 1e11 ? value / 1000 : value
        guard seconds.isFinite, abs(seconds) < 253_402_300_800 else { return nil }  // before year 10000
        return format(Date(timeIntervalSince1970: seconds))
    }

    private static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
