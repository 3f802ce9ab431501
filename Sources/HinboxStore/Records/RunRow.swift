import Foundation
import GRDB
import HinboxCore

/// A row of `run`: one `hinbox process` invocation.
struct RunRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "run"

    var id: String
    var startedAt: Date
    var finishedAt: Date?
    var inputPath: String
    var domain: String
    var model: String
    var embeddingModel: String
    var processed: Int
    var failed: Int
    var skipped: Int

    enum CodingKeys: String, CodingKey {
        case id
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case inputPath = "input_path"
        case domain, model
        case embeddingModel = "embedding_model"
        case processed, failed, skipped
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let startedAt = Column(CodingKeys.startedAt)
    }

    init(_ run: RunRecord) {
        id = run.id
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        inputPath = run.inputPath
        domain = run.domain
        model = run.model
        embeddingModel = run.embeddingModel
        processed = run.processed
        failed = run.failed
        skipped = run.skipped
    }
}
