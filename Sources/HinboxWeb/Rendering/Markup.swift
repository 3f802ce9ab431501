/// HTML that is safe to send, built without a template engine.
///
/// Markup comes only from string literals in this module; every interpolated `String` is
/// escaped with ``HTML/escape(_:into:)``; other `Markup` is inserted as it is. HTML that one of
/// our own escaping renderers produced (Markdown, diffs, SVG, highlighted articles) enters
/// through ``init(trusted:)``.
///
/// ```swift
/// var row: Markup = "<tr><td><a href=\"\(HTML.entityPath(entity.id))\">\(entity.name)</a></td>"
/// if let subtype = entity.subtype { row += "<td>\(subtype)</td>" }
/// ```
struct Markup: ExpressibleByStringInterpolation, Sendable, Equatable {
    /// The HTML text.
    private(set) var html: String

    init(stringLiteral literal: StaticString) {
        html = literal.description
    }

    init(stringInterpolation: Interpolation) {
        html = stringInterpolation.html
    }

    /// HTML that a renderer of this module built with escaped text; never untrusted input.
    init(trusted html: String) {
        self.html = html
    }

    static func += (lhs: inout Markup, rhs: Markup) {
        lhs.html += rhs.html
    }

    static func + (lhs: Markup, rhs: Markup) -> Markup {
        Markup(trusted: lhs.html + rhs.html)
    }

    /// Builds `Markup` by appending: literal parts raw, interpolated values escaped.
    struct Interpolation: StringInterpolationProtocol {
        fileprivate var html = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            html.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: StaticString) {
            literal.withUTF8Buffer { html += String(decoding: $0, as: UTF8.self) }
        }

        /// Untrusted text: escaped.
        mutating func appendInterpolation(_ text: some StringProtocol) {
            HTML.escape(text, into: &html)
        }

        /// Untrusted text, or nothing.
        mutating func appendInterpolation(_ text: String?) {
            if let text { HTML.escape(text, into: &html) }
        }

        mutating func appendInterpolation(_ number: Int) {
            html += String(number)
        }

        mutating func appendInterpolation(_ markup: Markup) {
            html += markup.html
        }
    }
}
