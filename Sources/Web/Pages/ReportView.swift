// A report (the shape every report has: columns, rows, totals) as a page's table and chart.
// Money with `₽`, quantities and percentages with a decimal comma, periods in words
// (`декабрь 2026`, `07.12.2026`), numbers never wrapped; the chart is drawn from the same rows.

import ERPCore
import Reports

/// How a report page shows its report.
struct ReportView {
    let report: Report
    /// The grouping it was run with (`month`, `client`, …).
    let grouping: String
    let context: PageContext
    /// The page of rows shown (`?page=N`); the total row is over every row.
    var page: Int? = nil

    /// Which rows the table shows.
    var pager: ReportPager { ReportPager(count: report.rows.count, page: page) }

    /// Rows keyed by a period (`2026-12`, `2026-12-07`) show the period in words instead of its name.
    private var isTime: Bool { RevenueGrouping(rawValue: grouping)?.isTime ?? false }

    /// The name column is left out where the first column already says it (a period, a client's
    /// name, a deal's stage).
    private var hidesName: Bool { isTime || grouping == "client" || grouping == "stage" }

    /// The table with its header, this page's rows and the total row of all rows; an empty state
    /// when there are no rows.
    var table: HTML {
        guard !report.rows.isEmpty else { return "<p class=\"empty\">\(context.owner(.nothingYet))</p>" }
        let shown = report.columns.indices.filter { !(hidesName && report.columns[$0] == "name") }
        let head = shown.map { index -> HTML in
            let column = report.columns[index]
            let numeric: HTML = report.totals.indices.contains(index) && Self.isNumeric(report.totals[index]) ? " class=\"num\"" : ""
            // The first column says what it holds: a period, a client's name, a code.
            let title = index > 0 ? context.owner(.column(column)) : isTime ? context.owner(.period) : context.owner(.column(hidesName ? "name" : column))
            return "<th scope=\"col\"\(numeric)>\(title)</th>"
        }
        let pager = pager
        let rows = report.rows[pager.range].map { row -> HTML in
            let cells = shown.map { index -> HTML in cell(row[index], first: index == 0, row: row) }
            return "<tr>\(cells)</tr>"
        }
        let totals = shown.map { index -> HTML in
            switch report.columns[index] {
            case report.columns[0]: "<td>\(pager.isPaged ? context.owner(.totalOfAllRows(pager.count)) : context.text(.total))</td>"
            case "name": "<td></td>"
            default: cell(report.totals[index], first: false, row: report.totals)
            }
        }
        return """
            <div class="scroll"><table class="list report"><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody>\
            <tfoot><tr>\(totals)</tr></tfoot></table></div>
            """
    }

    /// The figures about the whole report (the pipeline's won vs lost and cycle, the previous
    /// period's margin %), each under its column's words.
    var summary: HTML {
        guard !report.summary.isEmpty else { return "" }
        let facts = report.summary.sorted { $0.key < $1.key }.map { key, value -> HTML in
            let shown = switch value {
            case .percent: ReportLinks.percent(value)
            case .integer(let number): RussianNumbers.spelled(String(number), groupSeparator: WebFormat.groupSeparator)
            default: value.display
            }
            return "<div><dt>\(context.owner(.column(key)))</dt><dd>\(shown)</dd></div>"
        }
        return "<dl class=\"facts\">\(HTML.joined(facts))</dl>"
    }

    /// A chart of the first money column over the rows, when it helps: revenue and margin over
    /// time, or the value per group of a short report.
    func chart(id: String) -> HTML {
        let money = report.columns.indices.filter { index in report.rows.first.map { Self.isMoney($0[index]) } == true }
        guard !report.rows.isEmpty, let first = money.first, isTime || report.rows.count <= 20 else { return "" }
        let columns = report.name == "revenue" ? ["revenue", "margin"] : [report.columns[first]]
        let chart = Chart(title: context.owner(report.name == "revenue" ? .revenueReport : .column(report.columns[first])),
                          labels: report.rows.map { label($0, short: true) },
                          series: columns.map { column in
                              Chart.Series(context.owner(.column(column)), report.rows.map { report.minor(column, in: $0) })
                          })
        return isTime && grouping != "month" ? LineChart.render(chart, id: id) : BarChart.render(chart, id: id)
    }

    private func cell(_ value: ReportCell, first: Bool, row: [ReportCell]) -> HTML {
        switch value {
        case .money(let money): return "<td class=\"num\">\(WebFormat.money(money))</td>"
        case .quantity(let quantity): return "<td class=\"num\">\(WebFormat.number(quantity))</td>"
        case .integer(let number):
            return "<td class=\"num\">\(RussianNumbers.spelled(String(number), groupSeparator: WebFormat.groupSeparator))</td>"
        case .percent: return "<td class=\"num\">\(ReportLinks.percent(value))</td>"
        case .text(let text):
            guard first else { return "<td>\(text)</td>" }
            if grouping == "client", Int64(text) != nil { return "<td><a href=\"/clients/\(text)\">\(label(row, short: false))</a></td>" }
            return "<td>\(label(row, short: false))</td>"
        }
    }

    /// The row's label: a period in words for time groupings, else the key and the name.
    private func label(_ row: [ReportCell], short: Bool) -> String {
        let key = row.first?.display ?? ""
        // Reports without a name column (pipeline, movements by kind, tasks) are named by their key.
        let name = report.columns.count > 1 && report.columns[1] == "name" && row.count > 1 ? row[1].display : key
        if report.name == "pipeline" { return context.say(.dealStage(key)) }
        if report.name == "movements" && grouping == "kind" { return context.owner(.moveKind(key)) }
        if isTime {
            let parts = key.split(separator: "-").compactMap { Int($0) }
            if parts.count == 2 { return context.owner(.month(parts[1], short: short)) + " " + String(short ? parts[0] % 100 : parts[0]) }
            if let day = CalendarDate(key) { return short ? String(day.dotted.prefix(5)) : day.dotted }
            return key
        }
        return short || grouping == "client" ? name : key
    }

    private static func isNumeric(_ cell: ReportCell) -> Bool {
        if case .text = cell { return false }
        return true
    }

    private static func isMoney(_ cell: ReportCell) -> Bool {
        if case .money = cell { return true }
        return false
    }
}
