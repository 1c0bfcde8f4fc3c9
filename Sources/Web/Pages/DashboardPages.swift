// The owner's dashboard (Показатели) at `/`: revenue, margin and margin % for today, this month and
// the year to date against the period of the same length before; revenue and margin by month
// for twelve months; stock value by warehouse; the top clients and products by margin; the
// receivables by age with the largest debtors; this month's write-offs; low stock; confirmed orders waiting for shipment
// and those holding their reservation for more than N days (`?reserved_days=N`, 7 unless given).
// Every figure comes from a service (the same reports the API returns) and links to the report
// behind it, filtered. People without the reports' permission land on their own first page.

import Billing
import ERPCore
import ERPServer
import HTTP1
import Reports
import Sales
import Warehouse

/// `/`: the dashboard for whoever may read the reports; a redirect to one's first page otherwise.
struct DashboardPages: PageGroup {
    let time: TimeSource

    var menu: [MenuEntry] {
        [MenuEntry("/", .owner(.dashboard), permission: .readReports, order: 10)]
    }

    var pages: [Page] {
        [
            Page(.get, "/", access: .anonymous,
                 query: [QueryParameter("reserved_days", .integer(1...365), "List reservations older than this many days (default 7)")]) { context in
                guard let session = context.session else { return context.redirect(to: "/login") }
                guard session.principal.may(.readReports) else {
                    return context.redirect(to: context.site.menu(for: session.principal).first?.path ?? "/login")
                }
                return try dashboard(context)
            },
        ]
    }

    private func dashboard(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let reports = ReportsService(time: time, language: context.language)
        let reservedDays = context.query("reserved_days").flatMap { Int($0) }
        let figures = try context.withConnection { connection in
            let today = try CompanyCalendar.day(of: time.now, on: connection)
            let periods = [PeriodPreset.today, .month, .year].compactMap { ReportPeriod.preset($0, today: today) }
            let thirtyDays = ReportPeriod(from: nil, to: nil, today: today)
            let month = periods[1]
            return Figures(
                today: today,
                // Only the totals are shown: grouped by manager, the cheapest grouping (no per-row date text).
                // The chart and the top lists show no previous period, so they do not read one.
                periods: try periods.map { try reports.revenue($0, by: .manager, by: principal, on: connection) },
                months: try reports.revenue(.twelveMonths(endingOn: today), by: .month, comparing: false, by: principal, on: connection),
                stock: try reports.stock(by: .warehouse, by: principal, on: connection),
                clients: try reports.revenue(thirtyDays, by: .client, comparing: false, by: principal, on: connection),
                products: try reports.revenue(thirtyDays, by: .product, comparing: false, by: principal, on: connection),
                writeOffs: try [WriteOffGrouping.storekeeper, .reason].map { try reports.writeOffs(month, by: $0, by: principal, on: connection) },
                receivables: try BillingService(time: time).receivables(by: principal, on: connection),
                lowStock: try WarehouseService(time: time).lowStock(warehouse: nil, by: principal, on: connection),
                waiting: try SalesService(time: time).orders(OrderFilter(status: .confirmed, limit: 10), by: principal, on: connection).items,
                oldReservations: try SalesService(time: time).reservationsOlderThan(days: reservedDays, by: principal, on: connection).items,
                reservedDays: reservedDays ?? SalesService.reservationAgeDays)
        }
        let body: HTML = """
            <h1>\(context.owner(.dashboard))</h1>
            <div class="cards">\(periodCards(figures, context))</div>
            <section><h2><a href="\(ReportLinks.revenue(.twelveMonths(endingOn: figures.today), .month))">\(context.owner(.revenueByMonth))</a></h2>
            \(monthsChart(figures, context))</section>
            <div class="panels">\(stockPanel(figures, context))\(DashboardPanels.receivables(figures.receivables, context))
            \(DashboardPanels.top(figures.clients, title: .topClients, grouping: .client, today: figures.today, context))
            \(DashboardPanels.top(figures.products, title: .topProducts, grouping: .product, today: figures.today, context))
            \(DashboardPanels.writeOffs(figures.writeOffs, context))\(DashboardPanels.lowStock(figures.lowStock, context))\(DashboardPanels.waiting(figures.waiting, context))
            \(DashboardPanels.oldReservations(figures.oldReservations, days: figures.reservedDays, context))</div>
            """
        return context.render(title: context.owner(.dashboard), body)
    }

    /// Everything the dashboard shows, read in one go.
    private struct Figures {
        var today: CalendarDate
        var periods: [Report]
        var months: Report
        var stock: Report
        var clients: Report
        var products: Report
        /// This month's write-offs by storekeeper and by reason.
        var writeOffs: [Report]
        var receivables: ReceivablesReport
        var lowStock: [LowStockItem]
        var waiting: [OrderSummary]
        /// Confirmed orders holding stock for more than `reservedDays` days.
        var oldReservations: [OrderSummary]
        var reservedDays: Int
    }

    /// Revenue, margin and margin % of today, the month and the year, each against the period before.
    private func periodCards(_ figures: Figures, _ context: PageContext) -> HTML {
        let titles: [(OwnerText, PeriodPreset, RevenueGrouping)] = [(.today, .today, .day), (.thisMonth, .month, .day), (.yearToDate, .year, .month)]
        return HTML.joined(zip(titles, figures.periods).map { title, report -> HTML in
            let revenue = report.totalMinor("revenue"), margin = report.totalMinor("margin")
            let previousRevenue = report.totalMinor("previous_revenue"), previousMargin = report.totalMinor("previous_margin")
            let link = ReportLinks.revenue(preset: title.1, title.2)
            return """
                <article class="card"><h2>\(context.owner(title.0))</h2>
                <p class="figure"><a href="\(link)">\(WebFormat.money(Money(minorUnits: revenue)))</a></p>
                <p>\(context.owner(.margin)): <a href="\(link)">\(WebFormat.money(Money(minorUnits: margin)))</a>
                · \(ReportLinks.percent(ReportCell.percent(margin, of: revenue)))</p>
                <p class="muted">\(context.owner(.againstBefore)): \(WebFormat.money(Money(minorUnits: previousRevenue)))
                (\(ReportLinks.change(revenue, from: previousRevenue))) · \(context.owner(.margin)) \(WebFormat.money(Money(minorUnits: previousMargin)))</p>
                </article>
                """
        })
    }

    /// Twelve months, empty months included, each bar leading to that month's revenue by day.
    private func monthsChart(_ figures: Figures, _ context: PageContext) -> HTML {
        let period = ReportPeriod.twelveMonths(endingOn: figures.today)
        let rows = Dictionary(figures.months.rows.map { ($0.first?.display ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        let months = (0..<12).map { offset -> (year: Int, month: Int) in
            let index = period.from.year * 12 + period.from.month - 1 + offset
            return (index / 12, index % 12 + 1)
        }
        let keys = months.map { String($0.year) + "-" + ($0.month < 10 ? "0" : "") + String($0.month) }
        let column = { (name: String) in keys.map { key in rows[key].map { figures.months.minor(name, in: $0) } ?? 0 } }
        let chart = Chart(title: context.owner(.revenueByMonth),
                          // The year only where it starts (and on the first bar), so twelve labels fit.
                          labels: months.enumerated().map { index, month in
                              context.owner(.month(month.month, short: true)) + (index == 0 || month.month == 1 ? " " + String(month.year) : "")
                          },
                          series: [.init(context.owner(.revenue), column("revenue")), .init(context.owner(.margin), column("margin"))],
                          links: months.map { ReportLinks.revenue(.month($0.year, $0.month), .day) })
        return BarChart.render(chart, id: "months")
    }

    /// Stock value per warehouse, each bar leading to the stock report.
    private func stockPanel(_ figures: Figures, _ context: PageContext) -> HTML {
        let report = figures.stock
        let link = "/reports/stock?group_by=warehouse"
        let chart = Chart(title: context.owner(.stockByWarehouse), labels: report.rows.map { $0.count > 1 ? $0[1].display : "" },
                          series: [.init(context.text(.value), report.rows.map { report.minor("value", in: $0) })],
                          links: report.rows.map { _ in link })
        let body: HTML = report.rows.isEmpty ? "<p class=\"empty\">\(context.owner(.nothingYet))</p>"
            : BarChart.render(chart, id: "stock") + "<p>\(context.text(.total)): <a href=\"\(link)\">\(WebFormat.money(Money(minorUnits: report.totalMinor("value"))))</a></p>"
        return "<section class=\"panel\"><h2><a href=\"\(link)\">\(context.owner(.stockByWarehouse))</a></h2>\(body)</section>"
    }
}
