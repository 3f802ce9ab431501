import Foundation
import HinboxApp
import HinboxCore
import HinboxTesting
import Testing

@Suite("Configuration precedence: flag, environment, config/hinbox.yaml")
struct AppConfigurationTests {
    static let root = ProjectPaths.root(from: #filePath)

    static func configuration(flag: Int? = nil, environment extra: [String: String] = [:], model: String = "openai/gpt-4o-mini") throws
        -> AppConfiguration
    {
        var overrides = AppConfiguration.Overrides()
        overrides.llmConcurrency = flag
        overrides.model = model
        return try AppConfiguration(overrides: overrides, environment: ["HINBOX_HOME": root].merging(extra) { $1 })
    }

    @Test("llm concurrency: --llm-concurrency over HINBOX_LLM_CONCURRENCY over llm_concurrency")
    func llmConcurrency() throws {
        let fromFile = try Self.configuration()
        #expect(fromFile.llmConcurrency == fromFile.settings.llmConcurrency)
        #expect(try Self.configuration(environment: ["HINBOX_LLM_CONCURRENCY": "24"]).llmConcurrency == 24)
        #expect(try Self.configuration(flag: 3, environment: ["HINBOX_LLM_CONCURRENCY": "24"]).llmConcurrency == 3)
    }

    @Test("The embedded demo model caps it at the local server's slots, whatever was asked")
    func embeddedCap() throws {
        let local = try Self.configuration(flag: 16, model: "local/smollm2-135m-instruct")
        #expect(local.requestedLLMConcurrency == 16)
        #expect(local.llmConcurrency == EmbeddedDefault.serverSlots)
    }

    @Test("A HINBOX_LLM_CONCURRENCY that is not a whole number of at least 1 is refused, saying which variable", arguments: ["0", "eight", "-2"])
    func invalidEnvironment(_ value: String) {
        let error = #expect(throws: ConfigError.self) { try Self.configuration(environment: ["HINBOX_LLM_CONCURRENCY": value]) }
        #expect(error?.description.contains("HINBOX_LLM_CONCURRENCY=\(value)") == true, "\(String(describing: error))")
    }

    @Test("Grounding: on for a real model, off for the embedded demo model (compact plan); `grounding:` in hinbox.yaml wins")
    func grounding() throws {
        #expect(try Self.configuration().grounding)
        #expect(try Self.configuration(model: "local/smollm2-135m-instruct").grounding == false)
        var real = try Self.configuration()
        real.settings.grounding = false
        #expect(real.grounding == false)
        var demo = try Self.configuration(model: "local/smollm2-135m-instruct")
        demo.settings.grounding = true
        #expect(demo.grounding)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hinbox-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "grounding: false\n".write(to: directory.appendingPathComponent("hinbox.yaml"), atomically: true, encoding: .utf8)
        #expect(try HinboxSettings.load(configDirectory: directory.path).grounding == false)
        try "model: openai/gpt-4o\n".write(to: directory.appendingPathComponent("hinbox.yaml"), atomically: true, encoding: .utf8)
        #expect(try HinboxSettings.load(configDirectory: directory.path).grounding == nil)
    }
}
