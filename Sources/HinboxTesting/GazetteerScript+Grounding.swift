import Foundation
import HinboxCore

extension GazetteerScript {
    /// A verdict per numbered claim: supported when every capitalised word of the claim is in the
    /// article (title included) or in the full name of a gazetteer entry the article mentions
    /// ("RWA" stands for Ridgeport Water Authority), unsupported when most are missing, partial
    /// otherwise.
    static func grounding(prompt: UserPrompt, gazetteer: Gazetteer) -> JSONValue {
        let article = articleSide(of: prompt, gazetteer: gazetteer)
        // `3. [article-id] The sentence.`
        let claims = prompt.block("claims").split(separator: "\n").map { line in
            let text = line.drop { $0.isNumber }.dropFirst().drop { $0 == " " }
            return String(text.hasPrefix("[") ? text.drop { $0 != "]" }.dropFirst().drop { $0 == " " } : text)
        }
        let verdicts: [JSONValue] = claims.map { claim in
            let (verdict, missing) = judge(claim, against: article)
            let note = missing.isEmpty ? "every name is in the article" : "not in the article: \(missing.joined(separator: ", "))"
            return ["verdict": .string(verdict.rawValue), "note": .string(note)]
        }
        return ["verdicts": .array(verdicts)]
    }

    /// The existing profile without the lines whose sentences citing the article the scripted
    /// check finds unsupported.
    static func revision(prompt: UserPrompt, gazetteer: Gazetteer) -> JSONValue {
        let article = articleSide(of: prompt, gazetteer: gazetteer)
        let ids = Set(prompt.values("Article ID"))
        let kept = prompt.block("existing_profile").split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            CitedSentences.sentences(in: String(line)).allSatisfy { sentence in
                ids.isDisjoint(with: sentence.articleIDs) || judge(sentence.text, against: article).verdict != .unsupported
            }
        }
        return ["text": .string(kept.joined(separator: "\n"))]
    }

    /// The article block and its header lines, with the forms of the entries it mentions, lowercased.
    private static func articleSide(of prompt: UserPrompt, gazetteer: Gazetteer) -> String {
        let text = prompt.text
        let start = text.range(of: "Article ID:")?.lowerBound ?? text.startIndex
        let article = String(text[start...])
        let known = EntityType.allCases.flatMap { gazetteer.matches(of: $0, in: article) }.flatMap(\.entry.forms)
        return ([article] + known).joined(separator: "\n").lowercased()
    }

    private static func judge(_ claim: String, against article: String) -> (verdict: Grounding.Verdict, missing: [String]) {
        let words: [Substring] = claim.split { (character: Character) in !character.isLetter && !character.isNumber }
        let names: [String] = words.filter { $0.count > 1 && $0.first?.isUppercase == true }.map(String.init)
        let missing: [String] = names.filter { !article.contains($0.lowercased()) }
        if missing.isEmpty { return (.supported, []) }
        return (missing.count * 2 > names.count ? .unsupported : .partial, missing)
    }
}
