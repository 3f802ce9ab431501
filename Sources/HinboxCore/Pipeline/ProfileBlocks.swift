/// Where the input's blocks of folded profile updates end (``CallPlan/profileBlock``).
///
/// Blocks are fixed by each article's position in the whole scanned input, not in one run's
/// to-do list, so a resumed run folds the same articles together as an uninterrupted one. A
/// block's updates are folded at its last article this run processes — unless `--limit` stopped
/// the run inside the block: the next run then ends it.
struct ProfileBlocks: Sendable {
    /// Articles per block.
    let size: Int
    /// Each scanned article's position in the input.
    private let positions: [String: Int]
    /// For each to-do article (by its index in the to-do list) that ends its block in this run: the block.
    private let ends: [Int: Int]

    /// `positions` places the scanned articles in the whole input when the scan is only part of
    /// it; nil: their index in `scan`. `cutAt` is the scan index where `--limit` stopped.
    init(scan: [Article], positions given: [String: Int]? = nil, todo: [Article], size: Int, cutAt: Int?) {
        let size = max(1, size)
        self.size = size
        var positions: [String: Int] = given ?? [:]
        if given == nil {
            for (position, article) in scan.enumerated() where positions[article.id] == nil { positions[article.id] = position }
        }
        self.positions = positions
        var lastOfBlock: [Int: Int] = [:]
        for (index, article) in todo.enumerated() { lastOfBlock[(positions[article.id] ?? 0) / size] = index }
        let openBlock = cutAt.map { (positions[scan[$0].id] ?? $0) / size }
        var ends: [Int: Int] = [:]
        for (block, index) in lastOfBlock where block != openBlock { ends[index] = block }
        self.ends = ends
    }

    /// The article's position in the input; -1 when it is not in this run's scan.
    func position(of articleID: String) -> Int {
        positions[articleID] ?? -1
    }

    /// The block of a position; -1 (before every block) for an article not in the scan.
    func block(of position: Int) -> Int {
        position < 0 ? -1 : position / size
    }

    /// The block whose updates the to-do article at `index` folds after resolving, if it ends one.
    func foldsThrough(todoIndex index: Int) -> Int? {
        ends[index]
    }
}

/// A mention whose profile update waits for the end of its block, with the article to write it from.
struct WaitingMention: Sendable {
    var key: MentionKey
    /// The article's position in the input (-1: not in this run's scan).
    var position: Int
    var article: Article

    /// A pending mention as the store holds it.
    init(key: MentionKey, stored: ArticleRecord, position: Int) {
        self.key = key
        self.position = position
        article = Article(
            id: stored.id, title: stored.title, url: stored.url, publishedDate: stored.publishedDate, content: stored.content ?? "",
            source: stored.source, contentHash: stored.contentHash)
    }

    init(key: MentionKey, position: Int, article: Article) {
        self.key = key
        self.position = position
        self.article = article
    }
}

/// Where an article stands in the input's blocks.
struct ArticlePlace: Sendable {
    /// Its position in the input.
    var position: Int
    /// The block it ends in this run, whose waiting updates it folds.
    var foldThrough: Int?
    var blocks: ProfileBlocks
}
