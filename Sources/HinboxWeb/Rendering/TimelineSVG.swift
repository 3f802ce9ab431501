import Foundation

/// A server-rendered SVG timeline: one linked dot per point on a time axis, labels escaped.
enum TimelineSVG {
    struct Point {
        var date: Date
        /// Shown beside the dot.
        var short: String
        /// Shown on hover.
        var label: String
        var href: String
    }

    static func render(_ points: [Point], width: Double = 900, title: String) -> String {
        guard let first = points.map(\.date).min(), let last = points.map(\.date).max() else { return "" }
        let span = max(last.timeIntervalSince(first), 1)
        let left = 40.0, right = width - 40, axis = 40.0
        // Points less than a day apart (one run) are spread evenly instead of piling up.
        let byTime = span >= 86_400
        func x(_ index: Int, _ date: Date) -> Double {
            if points.count == 1 { return width / 2 }
            let fraction = byTime ? date.timeIntervalSince(first) / span : Double(index) / Double(points.count - 1)
            return left + (right - left) * fraction
        }
        var svg = "<svg class=\"timeline\" role=\"img\" viewBox=\"0 0 \(Int(width)) 80\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>\(HTML.escape(title))</title>"
        svg += "<line x1=\"\(left)\" y1=\"\(axis)\" x2=\"\(right)\" y2=\"\(axis)\" stroke=\"#9aa5b1\"/>"
        svg += "<text x=\"\(left)\" y=\"70\">\(PageRenderer.day(first))</text>"
        if points.count > 1 { svg += "<text x=\"\(right)\" y=\"70\" text-anchor=\"end\">\(PageRenderer.day(last))</text>" }
        for (index, point) in points.enumerated() {
            let cx = String(format: "%.1f", x(index, point.date))
            svg += "<a href=\"\(HTML.escape(point.href))\"><circle cx=\"\(cx)\" cy=\"\(axis)\" r=\"6\" fill=\"#1f5fbf\">"
            svg += "<title>\(HTML.escape(point.label))</title></circle>"
            svg += "<text x=\"\(cx)\" y=\"22\" text-anchor=\"middle\">\(HTML.escape(point.short))</text></a>"
        }
        return svg + "</svg>"
    }
}
