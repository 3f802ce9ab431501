import Foundation
import HinboxSpawn
import HinboxTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Several hosts (issue #18): `scripts/netns-workers.sh` puts two workers in network namespaces of
/// their own, reaching PostgreSQL over veth pairs (a real network path, not a shared socket), plus
/// one on this host; once cleanly and once with the resolver's holder killed with SIGKILL. Both
/// knowledge bases must equal one worker's. Needs root (namespaces), iproute2 and PostgreSQL.
@Suite("PostgreSQL workers on several hosts", .enabled("needs root, iproute2 and PostgreSQL (scripts/test.sh as root)") {
    await NetworkNamespaces.canRun()
})
struct NetworkNamespaceWorkerTests {
    @Test("workers in their own namespaces equal one worker, also with the resolver's holder killed")
    func workersInNamespacesEqualOneWorker() async throws {
        let root = NetworkNamespaces.root
        let binary = try #require(HinboxBinary.locate(projectRoot: root))
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": NSTemporaryDirectory(),
            "HINBOX_NETNS_BIN": URL(fileURLWithPath: binary.path).deletingLastPathComponent().path,
        ]
        let outcome = try await ChildProcess.live.run(.init(
            "/bin/bash", ["\(root)/scripts/netns-workers.sh"], environment: environment, mergesStandardError: true))
        let log = outcome.stdout
        #expect(outcome.status == 0, "\(log)")
        // Each run saw connections from both namespaces' addresses, and equalled the reference.
        #expect(log.components(separatedBy: "clients seen from: 10.231.1.2 10.231.2.2").count == 3, "\(log)")
        #expect(log.contains("clean: equal to the reference"), "\(log)")
        #expect(log.contains("killed: killing the resolver's holder"), "\(log)")
        #expect(log.contains("killed: equal to the reference"), "\(log)")
    }
}

/// Whether this machine can run the several-hosts script.
enum NetworkNamespaces {
    static let root = ProjectPaths.root(from: #filePath)

    /// Root, `ip` able to make a namespace, PostgreSQL installed, and a build to run.
    static func canRun() async -> Bool {
        #if canImport(Glibc)
        guard geteuid() == 0, TestPostgres.isAvailable, HinboxBinary.locate(projectRoot: root) != nil,
              let ipPath = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"].first(where: FileManager.default.isExecutableFile) else { return false }
        // What the script does first: a namespace and a veth pair (a container may allow one and not the other).
        let name = "hbxp\(getpid())"
        func ip(_ arguments: [String]) async -> Bool {
            (try? await ChildProcess.live.run(.init(ipPath, arguments, environment: [:])))?.status == 0
        }
        let namespace = await ip(["netns", "add", name])
        let veth = await ip(["link", "add", "\(name)h", "type", "veth", "peer", "name", "\(name)n"])
        _ = await ip(["link", "del", "\(name)h"])
        _ = await ip(["netns", "del", name])
        return namespace && veth
        #else
        return false
        #endif
    }
}
