import Foundation
public import HinboxOTLP
public import Logging

/// Builds hinbox's OTLP tracer and exporter from ``TracingSettings``.
public enum TracingSetup {
    /// The exporter configuration: Phoenix endpoint, project, headers and the spool directory.
    public static func configuration(_ settings: TracingSettings, cacheDirectory: String) -> OTLPConfiguration {
        var configuration = OTLPConfiguration(endpoint: settings.endpoint, spoolDirectory: "\(cacheDirectory)/spool")
        configuration.headers = settings.headers
        configuration.resourceAttributes = [
            "openinference.project.name": settings.project,
            "service.name": "hinbox",
        ]
        return configuration
    }

    /// A tracer to bootstrap and the exporter service that must run beside the work.
    public static func make(_ settings: TracingSettings, cacheDirectory: String, logger: Logger) -> (tracer: OTLPTracer, exporter: OTLPExporter) {
        OTLP.make(configuration: configuration(settings, cacheDirectory: cacheDirectory), logger: logger)
    }
}
