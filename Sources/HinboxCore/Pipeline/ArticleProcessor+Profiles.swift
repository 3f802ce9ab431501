extension ArticleProcessor {
    /// Starts writing a profile for every scheduled version. An update builds on `base` (the
    /// version another article is still writing) or else on the entity's latest profile in
    /// `index`. With ``CallPlan/profilesPerCall`` above 1, new entities (and, with
    /// ``CallPlan/batchesUpdates``, updates from this article alone too) are written in batches.
    /// With grounding on, each final is the profile as grounded (and perhaps revised) with the
    /// articles it took in (see ``ProfileVersionTasks``).
    func startProfiles(
        _ versions: [ScheduledVersion], article: Article, index: EntityIndex, base: (String) async -> ProfileVersionTasks?
    ) async -> [ProfileVersionTasks] {
        var pending: [PendingProfile] = []
        for version in versions {
            let id = version.entity.record.id
            let existing = version.isCreate ? nil : index.entities[id]
            let previous = existing != nil ? await base(id) : nil
            pending.append(PendingProfile(entity: version.named, existing: existing, previous: previous, articles: version.articles))
        }
        let drafts = startWriting(pending, article: article)
        guard let grounding, !drafts.isEmpty else { return drafts.map(ProfileVersionTasks.init) }
        let grounded = Task { try await ground(Self.values(of: drafts), pending: pending, with: grounding) }
        return drafts.indices.map { position in
            let final = Task {
                try await withTaskCancellationHandler { try await grounded.value[position] } onCancel: { grounded.cancel() }
            }
            return ProfileVersionTasks(draft: drafts[position], final: final)
        }
    }

    /// The article's finals: its drafts grounded together (one check, waiting for no other
    /// article), then each checked against the final of the version before — a draft written on a
    /// version that grounding revised is written again on it and grounded alone — with the
    /// verdicts that version gave other articles' sentences carried over. Only that last part
    /// waits for the versions before, and it makes no model call unless a revision happened.
    private func ground(_ drafts: [Profile], pending: [PendingProfile], with grounding: ProfileGrounding) async throws -> [Profile] {
        var result = try await grounding.ground(drafts, entities: pending.map(\.entity), articles: pending.map(\.articles))
        var previous: [Profile?] = []
        var stale: [Int] = []
        for (position, one) in pending.enumerated() {
            let final = try await one.latest()
            previous.append(final)
            if let final, let used = try await one.draft(), final.text != used.text || final.tags != used.tags || final.sources != used.sources {
                stale.append(position)
            }
        }
        if !stale.isEmpty {
            var rewritten: [Profile] = []
            for position in stale { rewritten.append(try await write(pending[position], on: previous[position])) }
            let regrounded = try await grounding.ground(
                rewritten, entities: stale.map { pending[$0].entity }, articles: stale.map { pending[$0].articles })
            for (offset, position) in stale.enumerated() { result[position] = regrounded[offset] }
        }
        return result.indices.map {
            ProfileGrounding.carry(result[$0], previous: previous[$0]?.grounding, articles: Set(pending[$0].articles.map(\.id)))
        }
    }

    /// A task per pending profile, each on the draft of the version before: creates (and, with
    /// ``CallPlan/batchesUpdates``, updates) in batches of ``CallPlan/profilesPerCall``, the
    /// rest one by one. Updates are not batched for real models: a batch waits for the previous
    /// versions of all its entities, which joins their chains into one and serialises the run
    /// (measured: 87% of the limit at 16 slots instead of 99%). A batch sends one article, so a
    /// folded update of several articles is written alone.
    private func startWriting(_ pending: [PendingProfile], article: Article) -> [Task<Profile, any Error>] {
        var tasks = [Task<Profile, any Error>?](repeating: nil, count: pending.count)
        let batched = pending.indices.filter {
            plan.profilesPerCall > 1 && (plan.batchesUpdates || pending[$0].existing == nil) && pending[$0].articles.map(\.id) == [article.id]
        }
        for position in pending.indices where !batched.contains(position) {
            let one = pending[position]
            tasks[position] = Task { try await write(one, on: try await one.draft()) }
        }
        for start in stride(from: 0, to: batched.count, by: plan.profilesPerCall) {
            let positions = Array(batched[start..<min(start + plan.profilesPerCall, batched.count)])
            let batch = Task { [profiles, retry] in
                var items: [ProfileWriter.BatchItem] = []
                for position in positions {
                    items.append(ProfileWriter.BatchItem(entity: pending[position].entity, existing: try await pending[position].draft()))
                }
                return try await retry.run("profile.batch", article: article.id) { try await profiles.writeBatch(items, from: article) }
            }
            for (offset, position) in positions.enumerated() {
                let one = pending[position]
                tasks[position] = Task<Profile, any Error> { [plan] in
                    if let written = try await batch.value[offset] { return written }
                    // One the batch reply left out is written alone — or, for a model that cannot
                    // repair its replies, noted without a call (asking again gives no better).
                    guard plan.repairs else { return ProfileWriter.mention(of: one.entity, existing: try await one.draft(), in: article) }
                    return try await write(one, on: try await one.draft())
                }
            }
        }
        return tasks.compactMap { $0 }
    }

    /// A profile version to be written, with what it builds on.
    struct PendingProfile: Sendable {
        /// The entity as the prompt names it.
        var entity: ExtractedEntity
        /// The known entity an update builds on; nil for a new entity.
        var existing: KnownEntity?
        var previous: ProfileVersionTasks?
        /// The articles the version takes in, in input order.
        var articles: [Article]

        /// The version before as it will be stored (nil for a new entity). A failed previous
        /// version fails this one too, without a retry: its cause is elsewhere.
        func latest() async throws -> Profile? {
            if let previous { return try await previous.final.value }
            return existing?.latestProfile
        }

        /// What the version before's profile call wrote: the base of this one's call.
        func draft() async throws -> Profile? {
            if let previous { return try await previous.draft.value }
            return existing?.latestProfile
        }
    }

    /// One entity's profile, alone, on `base` (nil: a new entity), retried as a step.
    private func write(_ one: PendingProfile, on base: Profile?) async throws -> Profile {
        try await retry.run("profile", article: one.articles.last?.id ?? "") {
            if one.existing != nil, let base {
                return try await profiles.update(base, of: one.entity, name: one.entity.name, from: one.articles)
            }
            return try await profiles.create(one.entity, from: one.articles[0])
        }
    }
}
