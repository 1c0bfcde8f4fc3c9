// The drawing surface both chart kinds share: the `<svg>` element with its `<title>` (named by
// `aria-labelledby`, so a screen reader announces the chart), the horizontal grid with the value
// axis' labels, and the category labels under the plot. Colours are presentation attributes
// (the page's CSP allows no inline styles) and dark enough to print.

import ERPCore

/// The SVG's frame: size, margins, grid and labels.
struct ChartCanvas {
    /// The whole picture; the SVG scales to its container (`viewBox`).
    let width = 640.0, height = 260.0
    /// Room for the value labels on the left and the category labels below.
    let left = 92.0, right = 12.0, top = 12.0, bottom = 214.0

    /// The chart being drawn.
    let chart: Chart
    /// The value axis.
    let scale: ChartScale
    /// A page-unique id for the `<title>`.
    let id: String

    init(chart: Chart, id: String) {
        self.chart = chart
        self.id = id
        scale = ChartScale(covering: chart.series.flatMap(\.values))
    }

    /// The width of one category's slot.
    var slot: Double { (width - left - right) / Double(max(chart.labels.count, 1)) }

    /// The x coordinate of the middle of category `index`.
    func middle(_ index: Int) -> Double { left + slot * (Double(index) + 0.5) }

    /// The y coordinate of `value`.
    func y(_ value: Int64) -> Double { scale.y(value, bottom: bottom, top: top) }

    /// The `<svg>` around `marks`: title, grid, marks, category labels.
    func svg(_ marks: HTML) -> HTML {
        let c = ChartScale.coordinate
        return """
            <svg class="chart-svg" viewBox="0 0 \(c(width)) \(c(height))" role="img" aria-labelledby="\(id)-title" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(chart.title)</title>\(grid)\(marks)\(categoryLabels)</svg>
            """
    }

    /// A horizontal line and a label per tick; the zero line darker.
    private var grid: HTML {
        let c = ChartScale.coordinate
        let lines = scale.ticks.map { tick -> HTML in
            let y = c(self.y(tick))
            let stroke: HTML = tick == 0 ? "#555" : "#ddd"
            return """
                <line x1="\(c(left))" x2="\(c(width - right))" y1="\(y)" y2="\(y)" stroke="\(stroke)" stroke-width="1"/>\
                <text x="\(c(left - 6))" y="\(y)" dy="4" text-anchor="end" font-size="12" fill="#333">\(chart.format.axis(tick))</text>
                """
        }
        return "<g class=\"grid\">\(lines)</g>"
    }

    /// The category labels; with many categories only every second or third is written. A year
    /// after a month (`янв 2026`) goes on a second line, so it never runs into the next month.
    private var categoryLabels: HTML {
        let c = ChartScale.coordinate
        let every = max(1, (chart.labels.count + 11) / 12)
        let labels = chart.labels.indices.filter { $0 % every == 0 }.map { index -> HTML in
            let x = c(middle(index))
            var words = chart.labels[index].split(separator: " ")
            let year = words.count > 1 && words.last!.allSatisfy(\.isNumber) ? words.removeLast() : nil
            let second: HTML = year.map { "<tspan x=\"\(x)\" dy=\"14\">\(String($0))</tspan>" } ?? ""
            return "<text x=\"\(x)\" y=\"\(c(bottom + 18))\" text-anchor=\"middle\" font-size=\"12\" fill=\"#333\">\(words.joined(separator: " "))\(second)</text>"
        }
        return "<g class=\"labels\">\(labels)</g>"
    }

    /// `mark` wrapped in a link to the category's report when the chart has links.
    func linked(_ index: Int, _ mark: HTML) -> HTML {
        guard let links = chart.links, links.indices.contains(index) else { return mark }
        return "<a href=\"\(links[index])\">\(mark)</a>"
    }

    /// The tooltip of a mark: category, series and the exact value.
    func tooltip(_ index: Int, _ series: Chart.Series) -> HTML {
        let value = series.values.indices.contains(index) ? series.values[index] : 0
        return "<title>\(chart.labels[index]) · \(series.name): \(chart.format.full(value))</title>"
    }
}
