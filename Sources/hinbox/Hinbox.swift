import ArgumentParser

@main
struct Hinbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hinbox",
        abstract: "Turn a folder of news articles into a knowledge base of people, organizations, locations and events.",
        discussion: """
            hinbox extracts entities with an LLM (any OpenAI-compatible server), merges them across articles, \
            writes versioned profiles with ^[article_id] citations into SQLite, and traces every step to Arize Phoenix.
            """,
        version: "0.1.0",
        subcommands: [ProcessCommand.self, Profiles.self, Articles.self, Serve.self, Export.self, Traces.self, Cache.self, Domains.self, DoctorCommand.self, Eval.self, Migrate.self]
    )
}
