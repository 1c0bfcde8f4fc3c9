// The owner's report pages: revenue and margin (by day, week, month, client, product, category or
// manager, with the previous period alongside), stock and its value, write-offs, stock movements,
// the deal pipeline and overdue tasks. A filter bar with period presets, a warehouse, manager or
// client where the report applies one, a chart where one helps, the table with its totals (no figure is ever
// cut: numbers never wrap, a wide table scrolls), and downloads of the very same report: CSV for
// Russian Excel (BOM, `;`, decimal comma; the export audited) and JSON as the API returns it.

import ERPCore
import ERPServer
import HTTP1
import Parties
import Postgres
import Reports

/// `/reports/revenue`, `/reports/stock`, `/reports/write-offs`, `/reports/movements`, `/reports/pipeline`,
/// `/reports/overdue-tasks`.
struct ReportPages: PageGroup {
    let time: TimeSource

    /// One report page: its path, title, groupings, and the service call behind it.
    struct Kind: Sendable {
        var path: String
        var title: OwnerText
        var groupings: [String]
        /// Whether the report covers a period (the stock report is as of now).
        var periodic: Bool
        /// What the report can be narrowed by besides its period.
        var filters: Set<ReportFilter.Field> = []
        var run: @Sendable (ReportsService, ReportPeriod, String, ReportFilter, Principal, Connection) throws -> Report
    }

    static let kinds: [Kind] = [
        Kind(path: "/reports/revenue", title: .revenueReport, groupings: RevenueGrouping.allCases.map(\.rawValue), periodic: true,
             filters: [.manager, .client]) {
            try $0.revenue($1, by: RevenueGrouping(rawValue: $2) ?? .day, filter: $3, by: $4, on: $5)
        },
        Kind(path: "/reports/stock", title: .stockReport, groupings: StockGrouping.allCases.map(\.rawValue), periodic: false,
             filters: [.warehouse]) {
            try $0.stock(by: StockGrouping(rawValue: $2) ?? .warehouse, filter: $3, by: $4, on: $5)
        },
        Kind(path: "/reports/write-offs", title: .writeOffsReport, groupings: WriteOffGrouping.allCases.map(\.rawValue), periodic: true,
             filters: [.warehouse]) {
            try $0.writeOffs($1, by: WriteOffGrouping(rawValue: $2) ?? .reason, filter: $3, by: $4, on: $5)
        },
        Kind(path: "/reports/movements", title: .movementsReport, groupings: MovementGrouping.allCases.map(\.rawValue), periodic: true,
             filters: [.warehouse]) {
            try $0.movements($1, by: MovementGrouping(rawValue: $2) ?? .kind, filter: $3, by: $4, on: $5)
        },
        Kind(path: "/reports/pipeline", title: .pipelineReport, groupings: ["stage"], periodic: false) { try $0.pipeline(by: $4, on: $5) },
        Kind(path: "/reports/overdue-tasks", title: .overdueTasksReport, groupings: ["assignee"], periodic: false) {
            try $0.overdueTasks(by: $4, on: $5)
        },
    ]

    var menu: [MenuEntry] {
        Self.kinds.enumerated().map { MenuEntry($1.path, .owner($1.title), permission: .readReports, order: 20 + $0) }
    }

    var pages: [Page] {
        Self.kinds.map { kind in
            var query: [QueryParameter] = [
                QueryParameter("group_by", .enumeration(kind.groupings), "How to group the rows"),
                QueryParameter("format", .enumeration(["csv", "json"]), "Download: csv (Russian Excel) or json"),
                QueryParameter("page", .integer(1...1_000_000), "The page of rows a long report shows (\(ReportPager.rows) a page; the total is over all rows)"),
            ]
            if kind.periodic {
                query += [.enumeration("preset", PeriodPreset.self, "A named period (default month); custom takes from and to"),
                          .text("from", maxLength: 10, "First day of a custom period (2026-12-01)"),
                          .text("to", maxLength: 10, "Last day of a custom period, included")]
            }
            // Text, not ids: the filter form sends an empty value for "all".
            query += ReportFilter.Field.allCases.filter(kind.filters.contains).map { field in
                .text(ReportFilterBar.name(field), maxLength: 19, "Only this \(field.rawValue) (an id; empty: all)")
            }
            return Page(.get, kind.path, access: .permission(.readReports), query: query) { context in try show(kind, context) }
        }
    }

    private func show(_ kind: Kind, _ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let service = ReportsService(time: time, language: context.language)
        let grouping = context.query("group_by") ?? kind.groupings[0]
        let preset = context.query("preset").flatMap(PeriodPreset.init(rawValue:)) ?? .month
        let (from, to) = (try context.day("from"), try context.day("to"))
        let bar = try ReportFilterBar(context, fields: kind.filters)
        let (report, period) = try context.withConnection { connection in
            let today = try CompanyCalendar.day(of: time.now, on: connection)
            let period = ReportPeriod.preset(preset, today: today) ?? ReportPeriod(from: from, to: to, today: today)
            return (try kind.run(service, period, grouping, bar.filter, principal, connection), period)
        }
        switch context.query("format") {
        case "csv":
            let text = try context.withConnection { try service.csv(of: report, dialect: .excel, by: principal, on: $0) }
            return HTTPResponse.download(text, type: "text/csv; charset=utf-8", name: Self.fileName(report, period, kind, "csv"))
        case "json":
            return HTTPResponse.download(String(decoding: try HTTPResponse.json(encoding: report).body, as: UTF8.self),
                                 type: "application/json; charset=utf-8", name: Self.fileName(report, period, kind, "json"))
        default:
            let (choices, clientName) = try context.withConnection { connection in
                (kind.filters.isDisjoint(with: [.warehouse, .manager]) ? nil : try service.filterChoices(by: principal, on: connection),
                 try bar.filter.clientID.flatMap { try PartiesService(time: time).names(of: [$0], by: principal, on: connection)[$0] })
            }
            let view = ReportView(report: report, grouping: grouping, context: context, page: context.query("page").flatMap { Int($0) })
            let paging = view.pager.html(path: kind.path, query: Self.query(kind, grouping: grouping, period: period, keeping: bar.query), context)
            let span: HTML = kind.periodic ? "<p class=\"muted\">\(context.owner(.period)): \(period.from.dotted) – \(period.to.dotted)</p>" : ""
            let body: HTML = """
                <h1>\(context.owner(kind.title))</h1>
                \(filters(kind, grouping: grouping, preset: preset, period: period,
                          narrowing: bar.html(choices, clientName: clientName, clearing: kind.path + "?group_by=" + grouping, context),
                          keeping: bar.query, context))\(span)
                \(view.chart(id: "report"))\(paging)\(view.table)\(paging)\(view.summary)
                """
            return context.render(title: context.owner(kind.title), body)
        }
    }

    /// The filter bar: period presets and dates (for periodic reports), the grouping, the downloads.
    private func filters(_ kind: Kind, grouping: String, preset: PeriodPreset, period: ReportPeriod, narrowing: HTML, keeping filter: String,
                         _ context: PageContext) -> HTML {
        func options(_ values: [String], selected: String, _ label: (String) -> OwnerText) -> HTML {
            HTML.joined(values.map { value -> HTML in
                let mark: HTML = value == selected ? " selected" : ""
                return "<option value=\"\(value)\"\(mark)>\(context.owner(label(value)))</option>"
            })
        }
        let periodFields: HTML = !kind.periodic ? ""
            : PeriodFields(preset: preset.rawValue, from: period.from.description, to: period.to.description).html(context)
        let query = Self.query(kind, grouping: grouping, period: period, keeping: filter)
        // One grouping needs no choice.
        let groupings: HTML = kind.groupings.count < 2 ? "" : """
            <div><label for="group_by">\(context.owner(.groupBy))</label><select id="group_by" name="group_by">\
            \(options(kind.groupings, selected: grouping, OwnerText.grouping))</select></div>
            """
        // A report with nothing to choose (the pipeline) has no form, only its downloads.
        let form: HTML = !kind.periodic && kind.groupings.count < 2 && kind.filters.isEmpty ? "" : """
            <form method="get" action="\(kind.path)" class="filters">\(periodFields)\(groupings)\(narrowing)
            <button type="submit">\(context.owner(.show))</button></form>
            """
        return """
            \(form)
            <p class="downloads noprint"><a href="\(kind.path)?\(query)&format=csv" download>\(context.owner(.downloadCSV))</a> · \
            <a href="\(kind.path)?\(query)&format=json" download>\(context.owner(.downloadJSON))</a></p>
            """
    }

    /// The report's grouping, period (as dates, so a download or another page is the same rows) and
    /// filter as a query string.
    private static func query(_ kind: Kind, grouping: String, period: ReportPeriod, keeping filter: String) -> String {
        "group_by=" + grouping + (kind.periodic ? "&preset=custom&from=\(period.from)&to=\(period.to)" : "") + filter
    }

    /// `revenue-2026-12-01-2026-12-07-month.csv`.
    private static func fileName(_ report: Report, _ period: ReportPeriod, _ kind: Kind, _ ext: String) -> String {
        let dates = kind.periodic ? "-\(period.from)-\(period.to)" : ""
        return report.name.replacingOccurrences(of: "_", with: "-") + dates + (report.parameters["group_by"].map { "-" + $0 } ?? "") + "." + ext
    }
}
