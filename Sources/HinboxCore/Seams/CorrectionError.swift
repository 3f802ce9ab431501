/// Why a manual correction (`hinbox profiles merge/split`) was refused. Nothing was changed.
///
/// Compare with the static values to tell kinds apart (`error == .sameEntity`); ``description``
/// carries the details and what to do next.
public struct CorrectionError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case unknownEntity, ambiguousEntity, sameEntity, typesDiffer, unknownArticle, articleNotMentioned
    }

    private let code: Code
    public let description: String

    private init(_ code: Code, _ description: String = "") {
        self.code = code
        self.description = description
    }

    public static func == (lhs: CorrectionError, rhs: CorrectionError) -> Bool { lhs.code == rhs.code }

    /// No entity has this id, name or alias.
    public static let unknownEntity = CorrectionError(.unknownEntity)
    /// The name or alias belongs to several entities; an id is needed.
    public static let ambiguousEntity = CorrectionError(.ambiguousEntity)
    /// Both sides of a merge are one entity.
    public static let sameEntity = CorrectionError(.sameEntity)
    /// A merge of entities of different types.
    public static let typesDiffer = CorrectionError(.typesDiffer)
    /// A split by an article that is not in the database.
    public static let unknownArticle = CorrectionError(.unknownArticle)
    /// A split by an article that does not mention the entity.
    public static let articleNotMentioned = CorrectionError(.articleNotMentioned)

    package static func unknownEntity(_ query: String) -> CorrectionError {
        CorrectionError(.unknownEntity, "no entity has the id, name or alias '\(query)'; "
            + "`hinbox profiles list --search \"\(query)\"` shows the candidates and their ids")
    }

    package static func ambiguousEntity(_ query: String, ids: [String]) -> CorrectionError {
        CorrectionError(.ambiguousEntity, "'\(query)' names \(ids.count) entities (\(ids.joined(separator: ", "))); "
            + "pass the id of the one you mean")
    }

    package static func sameEntity(_ id: String, name: String) -> CorrectionError {
        CorrectionError(.sameEntity, "both sides name the same entity, '\(name)' (\(id)); nothing to merge")
    }

    package static func typesDiffer(_ target: EntityRecord, _ source: EntityRecord) -> CorrectionError {
        CorrectionError(.typesDiffer, "'\(target.name)' (\(target.id)) is a \(target.type.rawValue) but '\(source.name)' (\(source.id)) "
            + "is a \(source.type.rawValue); only entities of one type can be merged")
    }

    package static func unknownArticle(_ articleID: String) -> CorrectionError {
        CorrectionError(.unknownArticle, "no article '\(articleID)'; `hinbox articles list` shows the ids")
    }

    package static func articleNotMentioned(_ entity: EntityRecord, articleID: String, mentioned: [String]) -> CorrectionError {
        CorrectionError(.articleNotMentioned, "article '\(articleID)' does not mention '\(entity.name)' (\(entity.id)); "
            + (mentioned.isEmpty ? "it has no mentions" : "it is mentioned by \(mentioned.joined(separator: ", "))"))
    }
}
