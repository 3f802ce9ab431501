import Foundation
import HinboxLLM

/// What `hinbox cache stats|clear` print.
public enum ReplyCacheReport {
    public static func stats(_ configuration: AppConfiguration) -> String {
        let cache = ModelClients.replyCache(configuration)
        let (replies, bytes) = cache.stats()
        return "reply cache \(cache.directory): \(Formatting.count(replies)) replies, \(megabytes(bytes)) of \(megabytes(cache.maxBytes)) "
            + "(reply_cache_mb in config/hinbox.yaml)"
    }

    public static func clear(_ configuration: AppConfiguration) throws -> String {
        let cache = ModelClients.replyCache(configuration)
        let removed = try cache.clear()
        return "removed \(Formatting.count(removed)) replies from \(cache.directory)"
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}
