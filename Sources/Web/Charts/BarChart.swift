// A bar chart: one group of bars per category, the series side by side (revenue and margin per
// month; stock value per warehouse). Negative values hang below the zero line.

import ERPCore

/// Draws a `Chart` as bars.
package enum BarChart {
    /// The `<figure>`: the SVG, its legend and its table. `id` must be unique on the page.
    package static func render(_ chart: Chart, id: String) -> HTML {
        chart.figure(svg(chart, id: id))
    }

    /// The SVG alone.
    package static func svg(_ chart: Chart, id: String) -> HTML {
        let canvas = ChartCanvas(chart: chart, id: id)
        let c = ChartScale.coordinate
        let count = Double(max(chart.series.count, 1))
        let barWidth = canvas.slot * 0.8 / count
        let zero = canvas.y(0)
        let bars = chart.series.indices.map { seriesIndex -> HTML in
            let series = chart.series[seriesIndex]
            let rects = chart.labels.indices.map { index -> HTML in
                let value = series.values.indices.contains(index) ? series.values[index] : 0
                let x = canvas.left + canvas.slot * (Double(index) + 0.1) + barWidth * Double(seriesIndex)
                let y = canvas.y(value)
                let rect: HTML = """
                    <rect x="\(c(x))" y="\(c(min(y, zero)))" width="\(c(max(barWidth - 1, 1)))" height="\(c(abs(zero - y)))" \
                    fill="\(Chart.colour(seriesIndex))">\(canvas.tooltip(index, series))</rect>
                    """
                return canvas.linked(index, rect)
            }
            return "<g class=\"series\">\(rects)</g>"
        }
        return canvas.svg(HTML.joined(bars))
    }
}
