import ArgumentParser
import HinboxApp
import HinboxCore

struct Profiles: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the profiles hinbox has written, and correct resolution mistakes.",
        subcommands: [List.self, Show.self, Merge.self, Split.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List profiles, grouped by type.")

        @Option(help: "Only this type: person, organization, location or event.")
        var type: String?

        @Option(help: "Only names or aliases containing this text (case-insensitive).")
        var search: String?

        @Flag(help: "Print a JSON array of {id, type, name, aliases, version, article_ids, tags}.")
        var json = false

        @OptionGroup var common: CommonOptions

        func validate() throws {
            if let type, EntityType(flexible: type) == nil {
                throw ValidationError("unknown type '\(type)'; use person, organization, location or event")
            }
        }

        func run() async throws {
            try await common.printQuery { try await $0.listProfiles(type: type.flatMap(EntityType.init(flexible:)), search: search, json: json) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one profile: text, sources, aliases and versions.")

        @Argument(help: "Entity id, name or alias.")
        var nameOrID: String

        @Option(help: "Show this version instead of the latest.")
        var version: Int?

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await common.printQuery { try await $0.showProfile(nameOrID, version: version, json: json) }
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge one profile into another: the same entity was resolved as two.",
            discussion: """
                <target> keeps its id and name; <source>'s name and aliases become its aliases, its mentions \
                and merge history move to <target>, its latest profile text is appended as a new version of \
                <target>, its earlier versions stay readable under <target> (`profiles show`), and <source> is \
                removed. One transaction; recorded as a 'manual merge' decision.
                """)

        @Argument(help: "The entity that stays (id, name or alias).")
        var target: String

        @Argument(help: "The entity merged into it and removed (id, name or alias).")
        var source: String

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await common.printCorrection { try await $0.merge(into: target, from: source, json: json) }
        }
    }

    struct Split: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Split one article's mention out of a profile into a new entity: two entities were merged as one.",
            discussion: """
                The new entity is named as the article named it; its first profile version cites the article. \
                One transaction; recorded as a 'manual split' decision.
                """)

        @Argument(help: "The entity to split (id, name or alias).")
        var entity: String

        @Option(help: "The article whose mention moves to the new entity.")
        var article: String

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await common.printCorrection { try await $0.split(entity, article: article, json: json) }
        }
    }
}
