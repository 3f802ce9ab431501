import Foundation

/// Finds the directory holding `config/` and `prompts/`.
///
/// Order: an explicit directory (`--config-dir` / `HINBOX_HOME`), the current directory, then the
/// ancestors of the running executable (so `.build/release/hinbox` finds the checkout it was
/// built from).
public enum ConfigLocator {
    /// The project root holding `config/domains` and `prompts`.
    public static func projectRoot(explicit: String?, executablePath: String = CommandLine.arguments.first ?? "") throws -> String {
        if let explicit {
            guard isRoot(explicit) else {
                throw ConfigError("\(explicit) has no config/domains or prompts/ directory; point HINBOX_HOME at a hinbox checkout")
            }
            return explicit
        }
        let cwd = FileManager.default.currentDirectoryPath
        if isRoot(cwd) { return cwd }
        var url = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while url.path != "/" {
            if isRoot(url.path) { return url.path }
            url.deleteLastPathComponent()
        }
        throw ConfigError("cannot find hinbox's config/ and prompts/ directories; run from the hinbox checkout or set HINBOX_HOME to it")
    }

    private static func isRoot(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: "\(path)/config/domains", isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.fileExists(atPath: "\(path)/prompts", isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
