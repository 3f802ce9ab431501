/// Grounds the profiles one article wrote: one check of every sentence that cites the article
/// (all its profiles in one call), one revision of each profile with unsupported sentences, and
/// one re-check of the revised ones. At most 2 + (profiles revised) steps per article, each
/// retried in place by ``StepRetry`` (a profile rewritten because the version before it was
/// revised is grounded once more, alone).
///
/// A version's verdicts cover the sentences citing the article that wrote it; a sentence citing
/// an earlier article keeps the verdict the version before gave it while its text is unchanged.
struct ProfileGrounding: Sendable {
    var checker: GroundingChecker
    var writer: ProfileWriter
    var retry: StepRetry

    /// `profiles[i]` (written for `entities[i]` from `articles[i]`) with the verdicts on its
    /// sentences citing those articles, revised once where the check found unsupported sentences.
    /// The verdicts the version before gave other articles' sentences are added by
    /// ``carry(_:previous:articles:)``.
    func ground(_ profiles: [Profile], entities: [ExtractedEntity], articles: [[Article]]) async throws -> [Profile] {
        let first = try await check(profiles, articles: articles)
        var result = profiles
        let needRevision = profiles.indices.filter { first[$0].contains { $0.verdict == .unsupported } }
        let revised = try await withThrowingTaskGroup(of: (Int, Profile).self) { group in
            for index in needRevision {
                group.addTask {
                    let unsupported = first[index].filter { $0.verdict == .unsupported }
                    return (index, try await retry.run("profile.revise", article: articles[index].last?.id ?? "") {
                        try await writer.revise(profiles[index], of: entities[index], unsupported: unsupported, from: articles[index])
                    })
                }
            }
            var revised: [Int: Profile] = [:]
            for try await (index, profile) in group { revised[index] = profile }
            return revised
        }
        let again = try await check(needRevision.compactMap { revised[$0] }, articles: needRevision.map { articles[$0] })
        var final = first
        for (position, index) in needRevision.enumerated() {
            result[index] = revised[index] ?? result[index]
            final[index] = again[position]
        }
        for index in result.indices {
            let revisedHere = revised[index] != nil
            result[index].grounding = Grounding(claims: final[index], revised: revisedHere, firstCheck: revisedHere ? first[index] : [])
        }
        return result
    }

    /// `profile`'s claims in text order: its own verdicts on the sentences citing `articles`, and
    /// the verdicts `previous` gave its unchanged sentences citing other articles.
    static func carry(_ profile: Profile, previous: Grounding?, articles: Set<String>) -> Profile {
        guard var grounding = profile.grounding else { return profile }
        var result = profile
        grounding.claims = claims(of: profile.text, checked: grounding.claims, previous: previous, articles: articles)
        result.grounding = grounding
        return result
    }

    /// The verdicts on each profile's sentences citing its articles, grouped by article in the
    /// order of its `articles`: every sentence checked in calls of at most
    /// ``GroundingChecker/claimsPerCall`` (side by side), each sending the articles its sentences
    /// cite once — one call for a usual article, a few for a block's folded updates.
    private func check(_ profiles: [Profile], articles: [[Article]]) async throws -> [[Grounding.Claim]] {
        var order: [Article] = []
        for list in articles { for article in list where !order.contains(where: { $0.id == article.id }) { order.append(article) } }
        let cited = profiles.map { CitedSentences.sentences(in: $0.text) }
        // Sentences by article, then profile, then text order, each with the profile it belongs to.
        var owners: [Int] = []
        var sentences: [GroundingChecker.Sentence] = []
        for article in order {
            for index in profiles.indices where articles[index].contains(where: { $0.id == article.id }) {
                for sentence in cited[index] where sentence.articleIDs.contains(article.id) {
                    owners.append(index)
                    sentences.append(GroundingChecker.Sentence(sentence.text, citing: article.id))
                }
            }
        }
        let calls = GroundingChecker.calls(for: sentences)
        let label = articles.last?.last?.id ?? ""
        let sent = order
        let verdicts = try await withThrowingTaskGroup(of: (Int, [Grounding.Claim]).self) { group in
            for (position, call) in calls.enumerated() {
                group.addTask {
                    (position, try await retry.run("grounding", article: label) { try await checker.check(call, in: sent) })
                }
            }
            var verdicts = [[Grounding.Claim]](repeating: [], count: calls.count)
            for try await (position, claims) in group { verdicts[position] = claims }
            return verdicts.flatMap { $0 }
        }
        var grouped = [[Grounding.Claim]](repeating: [], count: profiles.count)
        for (owner, claim) in zip(owners, verdicts) { grouped[owner].append(claim) }
        return grouped
    }

    /// The version's claims in text order: its own verdicts on the sentences citing `articles`,
    /// and the earlier verdicts of unchanged sentences citing other articles.
    static func claims(of text: String, checked: [Grounding.Claim], previous: Grounding?, articles: Set<String>) -> [Grounding.Claim] {
        var own: [String: ArraySlice<Grounding.Claim>] = Dictionary(grouping: checked, by: \.articleID).mapValues { $0[...] }
        var claims: [Grounding.Claim] = []
        for sentence in CitedSentences.sentences(in: text) {
            for id in sentence.articleIDs {
                if articles.contains(id) {
                    if let next = own[id]?.popFirst() { claims.append(next) }
                } else if let earlier = previous?.claims.first(where: { $0.articleID == id && $0.sentence == sentence.text }) {
                    claims.append(earlier)
                }
            }
        }
        return claims
    }
}
