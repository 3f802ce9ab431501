import HTTPTypes
import Hummingbird
import Logging

/// Adds the security headers to every response, error pages included, and turns errors into
/// plain escaped pages (so no framework default leaks through without the headers).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    /// No inline script, no plugins, no framing; styles and images from this server only.
    static var policy: String {
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    }

    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            let text = error.status == .notFound ? "There is no page at this address." : "\(error.status.code) \(error.status.reasonPhrase)"
            response = WebResponse.html(renderer.message("Not here", text), status: error.status)
        } catch {
            context.logger.error("page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = WebResponse.html(renderer.message("Something went wrong", String(describing: error)), status: .internalServerError)
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}

/// Response helpers.
enum WebResponse {
    static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func css(_ css: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: css)))
    }
}
