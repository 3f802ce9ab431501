import HinboxTracing
import Tracing

/// Extracts one entity type from one article: one schema-constrained LLM call, quality checks,
/// and at most one repair call when the checks find a poor reply.
///
/// Traced as CHAIN `extract.<type>` with the LLM span(s) and a TOOL `quality_check` span below.
public struct EntityExtractor: Sendable {
    public var chat: StructuredChat
    public var domain: DomainConfig
    public var prompts: PromptLibrary
    public var temperature: Double
    public var maxTokens: Int
    /// Bounds written into the schema.
    public var limits: OutputLimits
    /// Whether a poor extraction gets one repair call (``CallPlan/repairs``).
    public var repairs = true

    public init(
        chat: StructuredChat, domain: DomainConfig, prompts: PromptLibrary, temperature: Double = 0, maxTokens: Int = 1024,
        limits: OutputLimits = .standard
    ) {
        self.chat = chat
        self.domain = domain
        self.prompts = prompts
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.limits = limits
    }

    public func extract(_ type: EntityType, from article: Article) async throws -> QualityCheck.Report {
        try await withOpenInferenceSpan("extract.\(type.rawValue)", kind: .chain) { span in
            span.setInput(json: ["article_id": article.id, "entity_type": type.rawValue])
            let request = self.request(for: type, article: article)
            var report = try await check(chat.complete(request).value, type: type, article: article, attempt: 1)
            if report.needsRepair, repairs {
                var repair = request
                repair.messages[0].content += """

                    IMPORTANT: a previous extraction of \(type.plural) from this article had quality problems \
                    (\(report.dropped.count) of \(report.inputCount) entries unusable, \(report.duplicates) duplicates). \
                    List each real \(type.rawValue) once, with names exactly as written in the article.
                    """
                let retry = try await check(chat.complete(repair).value, type: type, article: article, attempt: 2)
                if retry.entities.count >= report.entities.count { report = retry }
            }
            span.setOutput(json: report.entities.map(\.name))
            return report
        }
    }

    /// The chat request for one entity type.
    public func request(for type: EntityType, article: Article) -> ChatRequest {
        let category = domain.category(type)
        let system = prompts.render("extract", [
            "domain_description": domain.description,
            "entity_label": type.plural,
            "entity_type": type.rawValue,
            "guidance": category.guidance,
            "type_list": ExtractionSchema.bulletList(category.types),
            "tag_list": ExtractionSchema.bulletList(category.tags),
            "output_shape": ExtractionSchema.outputShape(for: type, domain: domain),
        ])
        return ChatRequest(
            messages: [ChatMessage(.system, system), ChatMessage(.user, ArticlePrompt.block(for: article))],
            schema: ExtractionSchema.schema(for: type, domain: domain, limits: limits), temperature: temperature, maxTokens: maxTokens)
    }

    func check(_ reply: JSONValue, type: EntityType, article: Article, attempt: Int) async -> QualityCheck.Report {
        await withOpenInferenceSpan("quality_check", kind: .tool) { span in
            span.setTool(
                name: "quality_check",
                description: "Required fields, name normalisation, dedupe, alias collapse and the mention filter",
                parameters: ["entity_type": type.rawValue, "article_id": article.id, "attempt": String(attempt)])
            let report = QualityCheck(type: type, domain: domain).run(reply: reply, article: article)
            span.setOutput(json: report)
            span.attributes["hinbox.quality.kept"] = report.entities.count
            span.attributes["hinbox.quality.dropped"] = report.dropped.count
            return report
        }
    }
}
