/// A profile version being written, as two tasks.
///
/// `draft` is the text as its profile call wrote it, built on the draft of the version before:
/// ready as soon as that call returns. `final` is the version as it will be stored: checked
/// against the final of the version before (and written again on it in the rare case that one
/// was revised), then grounded with the rest of its article. The next version of the entity
/// starts from the draft, so an entity's chain of profile calls never waits for grounding, which
/// checks all of an article's profiles at once; its final still equals a version written on the
/// previous final, so the database is what strictly sequential writing would give.
/// Without grounding the two are one task.
struct ProfileVersionTasks: Sendable {
    var draft: Task<Profile, any Error>
    var final: Task<Profile, any Error>

    /// One task for both: a version nothing revises.
    init(_ task: Task<Profile, any Error>) {
        draft = task
        final = task
    }

    init(draft: Task<Profile, any Error>, final: Task<Profile, any Error>) {
        self.draft = draft
        self.final = final
    }

    /// A version already written.
    static func written(_ profile: Profile) -> ProfileVersionTasks {
        ProfileVersionTasks(Task { profile })
    }

    func cancel() {
        draft.cancel()
        final.cancel()
    }
}
