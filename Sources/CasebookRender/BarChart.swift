import Foundation

/// A horizontal bar chart drawn as SVG at build time (no script, no external request). Narrow (360 units), so that
/// on a phone it is drawn near its own scale and its labels stay readable; wider screens cap its width (style.css).
struct BarChart {
    var title: String
    var rows: [(label: String, value: Int)]

    func svg(id: String) -> String {
        let rowHeight = 26, labelWidth = 150, barWidth = 170, valueWidth = 40
        let width = labelWidth + barWidth + valueWidth
        let height = rows.count * rowHeight + 8
        let maxValue = max(1, rows.map(\.value).max() ?? 1)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"\(id)-t\">"
        out += "<title id=\"\(id)-t\">\(xml(title))</title>"
        for (i, row) in rows.enumerated() {
            let y = 4 + i * rowHeight
            let w = row.value == 0 ? 0 : max(2, Int((Double(row.value) / Double(maxValue) * Double(barWidth)).rounded()))
            out += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 17)\" text-anchor=\"end\" class=\"chart-label\">\(xml(row.label))</text>"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(w)\" height=\"\(rowHeight - 8)\" rx=\"3\" class=\"chart-bar\"/>"
            out += "<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 17)\" class=\"chart-value\">\(row.value)</text>"
        }
        return out + "</svg>"
    }
}
