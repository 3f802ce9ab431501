import HinboxApp
import HinboxCore
import HinboxPostgres
import Testing

/// URLs of `--db postgres://…`: parsed, printed without the password, refused with a hint.
@Suite("PostgreSQL locations")
struct PostgresLocationTests {
    @Test("A URL's parts; the printed form hides the password")
    func parse() throws {
        let location = try PostgresLocation(url: "postgres://hin%40box:p%3Ass@db.example:6543/kb?sslmode=require")
        #expect(location.user == "hin@box")
        #expect(location.password == "p:ss")
        #expect(location.host == "db.example")
        #expect(location.port == 6543)
        #expect(location.database == "kb")
        #expect(location.redacted == "postgres://hin@box:***@db.example:6543/kb?sslmode=require")
        #expect(try PostgresLocation(url: "postgresql://u@h/d").port == 5432)
    }

    @Test("Bad URLs are refused, naming what is missing, never the password", arguments: [
        "postgres://u:secret@/d", "postgres://u:secret@host:5432", "postgres://u:secret@host/d?sslmode=verify-full",
    ])
    func invalid(_ url: String) {
        let error = #expect(throws: ConfigError.self) { try PostgresLocation(url: url) }
        #expect(error.map { !"\($0)".contains("secret") } ?? false)
    }

    @Test("--db picks the store: a URL is PostgreSQL, anything else a SQLite file")
    func storeLocation() throws {
        #expect(try StoreLocation("kb.sqlite") == .sqlite(path: "kb.sqlite"))
        guard case .postgres(let location) = try StoreLocation("postgres://u:pw@127.0.0.1:5433/kb") else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(location.database == "kb")
        #expect(try StoreLocation("postgres://u:pw@127.0.0.1:5433/kb").description == "postgres://u:***@127.0.0.1:5433/kb")
    }

    @Test("--db wins over HINBOX_DATABASE_URL, which wins over HINBOX_DB")
    func precedence() {
        var overrides = AppConfiguration.Overrides()
        let environment = ["HINBOX_DATABASE_URL": "postgres://u@h/a", "HINBOX_DB": "b.sqlite"]
        #expect(AppConfiguration.databasePath(overrides, environment) == "postgres://u@h/a")
        #expect(AppConfiguration.databasePath(overrides, ["HINBOX_DB": "b.sqlite"]) == "b.sqlite")
        overrides.database = "c.sqlite"
        #expect(AppConfiguration.databasePath(overrides, environment) == "c.sqlite")
    }
}
