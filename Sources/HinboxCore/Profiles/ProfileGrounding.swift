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

    /// `profiles[i]` (written for `entities[i]`) with the verdicts on its sentences citing
    /// `article`, revised once where the check found unsupported sentences. The verdicts the
    /// version before gave other articles' sentences are added by ``carry(_:previous:article:)``.
    func ground(_ profiles: [Profile], entities: [ExtractedEntity], article: Article) async throws -> [Profile] {
        let first = try await check(profiles, article: article)
        var result = profiles
        let needRevision = profiles.indices.filter { first[$0].contains { $0.verdict == .unsupported } }
        let revised = try await withThrowingTaskGroup(of: (Int, Profile).self) { group in
            for index in needRevision {
                group.addTask {
                    let unsupported = first[index].filter { $0.verdict == .unsupported }
                    return (index, try await retry.run("profile.revise", article: article.id) {
                        try await writer.revise(profiles[index], of: entities[index], unsupported: unsupported, from: article)
                    })
                }
            }
            var revised: [Int: Profile] = [:]
            for try await (index, profile) in group { revised[index] = profile }
            return revised
        }
        let again = try await check(needRevision.compactMap { revised[$0] }, article: article)
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

    /// `profile`'s claims in text order: its own verdicts on `article`'s sentences, and the
    /// verdicts `previous` gave its unchanged sentences citing other articles.
    static func carry(_ profile: Profile, previous: Grounding?, article: String) -> Profile {
        guard var grounding = profile.grounding else { return profile }
        var result = profile
        grounding.claims = claims(of: profile.text, checked: grounding.claims, previous: previous, article: article)
        result.grounding = grounding
        return result
    }

    /// The verdicts on each profile's sentences citing `article`, from one check for all of them.
    private func check(_ profiles: [Profile], article: Article) async throws -> [[Grounding.Claim]] {
        let sentences = profiles.map { profile in
            CitedSentences.sentences(in: profile.text).filter { $0.articleIDs.contains(article.id) }.map(\.text)
        }
        let all = sentences.flatMap { $0 }
        guard !all.isEmpty else { return sentences.map { _ in [] } }
        let verdicts = try await retry.run("grounding", article: article.id) {
            try await checker.verdicts(for: all, in: article)
        }
        var grouped: [[Grounding.Claim]] = []
        var next = 0
        for list in sentences {
            grouped.append(Array(verdicts[next..<next + list.count]))
            next += list.count
        }
        return grouped
    }

    /// The version's claims in text order: this article's verdicts, and the earlier verdicts of
    /// unchanged sentences citing other articles.
    static func claims(of text: String, checked: [Grounding.Claim], previous: Grounding?, article: String) -> [Grounding.Claim] {
        var own = checked[...]
        var claims: [Grounding.Claim] = []
        for sentence in CitedSentences.sentences(in: text) {
            for id in sentence.articleIDs {
                if id == article, let next = own.popFirst() {
                    claims.append(next)
                } else if id != article, let earlier = previous?.claims.first(where: { $0.articleID == id && $0.sentence == sentence.text }) {
                    claims.append(earlier)
                }
            }
        }
        return claims
    }
}
