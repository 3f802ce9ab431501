import ArgumentParser
import HinboxApp
import HinboxCore

struct Articles: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read which articles were processed or failed.",
        subcommands: [List.self, Show.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List articles with their status.")

        @Flag(help: "Only failed articles, with the reason.")
        var failed = false

        @Flag(help: "Only articles the domain's relevance check found off-topic, with the reason.")
        var irrelevant = false

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await common.printQuery { try await $0.listArticles(status: failed ? .failed : irrelevant ? .irrelevant : nil, json: json) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one article: status, entities and its trace link.")

        @Argument(help: "Article id (see `hinbox articles list`).")
        var id: String

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await common.printQuery { try await $0.showArticle(id, json: json) }
        }
    }
}
