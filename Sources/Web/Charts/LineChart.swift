// A line chart: one polyline per series over the categories (revenue by day or week against
// time), a dot per value carrying its exact figure. The second and later series are dashed, so
// print in black and white still tells them apart.

import ERPCore

/// Draws a `Chart` as lines.
package enum LineChart {
    /// The `<figure>`: the SVG, its legend and its table. `id` must be unique on the page.
    package static func render(_ chart: Chart, id: String) -> HTML {
        chart.figure(svg(chart, id: id))
    }

    /// The SVG alone.
    package static func svg(_ chart: Chart, id: String) -> HTML {
        let canvas = ChartCanvas(chart: chart, id: id)
        let c = ChartScale.coordinate
        let lines = chart.series.indices.map { seriesIndex -> HTML in
            let series = chart.series[seriesIndex]
            let points = chart.labels.indices.map { index in
                (canvas.middle(index), canvas.y(series.values.indices.contains(index) ? series.values[index] : 0))
            }
            let path = points.map { c($0.0) + "," + c($0.1) }.joined(separator: " ")
            let dash: HTML = seriesIndex == 0 ? "" : " stroke-dasharray=\"6 4\""
            let dots = points.indices.map { index -> HTML in
                canvas.linked(index, """
                    <circle cx="\(c(points[index].0))" cy="\(c(points[index].1))" r="3.5" fill="\(Chart.colour(seriesIndex))">\
                    \(canvas.tooltip(index, series))</circle>
                    """)
            }
            return """
                <g class="series"><polyline points="\(path)" fill="none" stroke="\(Chart.colour(seriesIndex))" stroke-width="2"\(dash)/>\(dots)</g>
                """
        }
        return canvas.svg(HTML.joined(lines))
    }
}
