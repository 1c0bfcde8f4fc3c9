// What a chart shows, independent of how it is drawn: labelled categories (months, warehouses),
// one or more series of exact values (kopecks, counts) and how to write a value. The same rows
// the report's table holds; the SVG is only a picture of them, so every chart also carries its
// table (the text alternative for screen readers, and the figures to copy).
//
// Values are exact integers end to end; only the coordinates of the picture are computed in
// Double. Axis ticks are round numbers (1, 2 or 5 × 10^k) found in integer arithmetic, so an
// axis label never shows a rounded amount.

import ERPCore

/// A chart's data: categories along the horizontal axis and the series drawn over them.
package struct Chart: Sendable {
    /// One named row of values, one per category.
    package struct Series: Sendable {
        /// What the series is (`Выручка`), shown in the legend and the table header.
        package var name: String
        /// One exact value per category, in the chart's unit (kopecks for money).
        package var values: [Int64]

        /// A series.
        package init(_ name: String, _ values: [Int64]) {
            self.name = name
            self.values = values
        }
    }

    /// How values are written: in full for the table and the tooltips, briefly for the axis.
    package struct ValueFormat: Sendable {
        /// `1 234 567,89 ₽`.
        package var full: @Sendable (Int64) -> String
        /// `1,5 млн ₽`: for axis ticks, which are round numbers.
        package var axis: @Sendable (Int64) -> String

        /// Money in kopecks: full amounts with kopecks, the axis in thousands or millions of roubles.
        package static let money = ValueFormat(
            full: { WebFormat.money(Money(minorUnits: $0)) },
            axis: { ChartScale.compact($0, scale: 2) + "\u{00A0}₽" })

        /// Plain counts.
        package static let count = ValueFormat(full: { RussianNumbers.spelled(String($0), groupSeparator: WebFormat.groupSeparator) },
                                               axis: { ChartScale.compact($0, scale: 0) })
    }

    /// The chart's title: the SVG's `<title>` and the table's caption.
    package var title: String
    /// The categories' labels, in order.
    package var labels: [String]
    /// The series (a bar chart draws them side by side, a line chart as lines).
    package var series: [Series]
    /// How values are written.
    package var format: ValueFormat
    /// Where each category leads (the report behind the figure), or nil.
    package var links: [String]?

    /// A chart of `series` over `labels`.
    package init(title: String, labels: [String], series: [Series], format: ValueFormat = .money, links: [String]? = nil) {
        self.title = title
        self.labels = labels
        self.series = series
        self.format = format
        self.links = links
    }

    /// The chart's figures as a table: the text alternative beside the picture.
    package var table: HTML {
        let head = series.map { item -> HTML in "<th scope=\"col\" class=\"num\">\(item.name)</th>" }
        let rows = labels.indices.map { index -> HTML in
            let cells = series.map { item -> HTML in
                "<td class=\"num\">\(format.full(item.values.indices.contains(index) ? item.values[index] : 0))</td>"
            }
            return "<tr><th scope=\"row\">\(labels[index])</th>\(cells)</tr>"
        }
        return """
            <table class="chart-data"><caption>\(title)</caption><thead><tr><td></td>\(head)</tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    /// The legend: a swatch and the name of each series (the word is there, not the colour alone).
    var legend: HTML {
        let items = series.indices.map { index -> HTML in
            "<li><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" fill=\"\(Self.colour(index))\"/></svg> \(series[index].name)</li>"
        }
        return "<ul class=\"legend\">\(items)</ul>"
    }

    /// The picture, its legend and its table in one `<figure>`.
    func figure(_ svg: HTML) -> HTML {
        """
        <figure class="chart">\(svg)\(series.count > 1 ? legend : "")
        <details class="chart-table"><summary>\(title): таблица</summary>\(table)</details></figure>
        """
    }

    /// The colour of series `index`: dark enough to print and to keep 4.5 : 1 against white.
    static func colour(_ index: Int) -> String {
        ["#1d4f91", "#b45309", "#2f6b2f", "#6b2f6b"][index % 4]
    }
}
