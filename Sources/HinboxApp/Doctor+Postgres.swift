import HinboxCore
import HinboxPostgres

extension Doctor {
    /// The PostgreSQL database of `--db postgres://…`: reachable, this user accepted, schema
    /// current, and how much it holds. Never prints the URL's password.
    func checkPostgres(_ url: String, _ add: Add) async {
        let location: PostgresLocation
        do {
            location = try PostgresLocation(url: url)
        } catch {
            add(.fail("database", "\(error)", fix: "pass --db postgres://USER[:PASSWORD]@HOST:PORT/DATABASE (or HINBOX_DATABASE_URL)"))
            return
        }
        let fix = "start the server (scripts/postgres.sh start for a local one; scripts/postgres.sh status prints its URL), "
            + "create the database (createdb), or correct --db / HINBOX_DATABASE_URL"
        do {
            let store = try await PostgresStore.open(location)
            defer { Task { await store.close() } }
            let version = try await store.serverVersion()
            let schema = try await store.schemaVersions().last ?? "none"
            let counts = try await store.counts()
            add(.pass("database", "\(location.redacted): PostgreSQL \(version), schema \(schema), \(counts.entities) entities "
                + "(\(counts.versions) profile versions), \(counts.mentions) mentions, \(counts.articles) articles"))
            // What `hinbox process --worker`s share: the queue by state and the resolver role's last holder.
            let queue = PostgresWorkQueue(store: store)
            let states = Dictionary(grouping: try await queue.statuses(), by: \.state).mapValues(\.count)
            if !states.isEmpty {
                let role = try await queue.resolverHolder()
                let open = ["todo", "extracting", "extracted"].reduce(0) { $0 + (states[$1] ?? 0) }
                add(.pass("workers", "queue: " + states.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                    + "; resolver role: epoch \(role.epoch), last taken by \(role.holder ?? "nobody")"
                    + (open > 0 ? "; \(open) articles unsettled: start `hinbox process --worker` to finish them" : "")))
            }
        } catch {
            add(.fail("database", "\(error)", fix: fix))
        }
    }
}
