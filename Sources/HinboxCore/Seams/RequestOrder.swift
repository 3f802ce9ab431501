/// Which model requests go first when the run's global limit on concurrent requests is reached.
///
/// The pipeline ranks every request of an article by the article's position in the input, so
/// the oldest article in flight is served first: its profile versions, which later articles'
/// versions build on and its commit turn waits for, never queue behind the extraction of
/// articles that started after it. Requests without a rank go after ranked ones, first come
/// first served.
///
/// ```swift
/// try await RequestOrder.$rank.withValue(turn) { try await process(article) }
/// ```
public enum RequestOrder {
    /// The rank of the current task's model requests: the lower, the sooner.
    @TaskLocal public static var rank: Int = .max
}
