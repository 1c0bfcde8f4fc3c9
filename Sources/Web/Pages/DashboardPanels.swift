// The dashboard's smaller panels: the receivables by age with the largest debtors, the top
// clients or products by margin, low stock, and confirmed orders waiting for shipment. Each
// panel's heading leads to the full list or report; each row to its client, product or order.

import Billing
import ERPCore
import Reports
import Sales
import Warehouse

/// The panels under the dashboard's charts.
enum DashboardPanels {
    /// How many rows a panel shows.
    static let rows = 10

    static func receivables(_ report: ReceivablesReport, _ context: PageContext) -> HTML {
        let totals = report.totals
        let ages = [("0–30", totals.days0To30), ("31–60", totals.days31To60), ("61–90", totals.days61To90), ("90+", totals.daysOver90)]
        let ageRows = ages.map { age -> HTML in
            "<tr><td>\(age.0)</td><td class=\"num\"><a href=\"/receivables\">\(WebFormat.money(age.1))</a></td></tr>"
        }
        let debtors = report.items.prefix(5).map { item -> HTML in
            """
            <tr><td><a href="/clients/\(String(item.clientID.rawValue))">\(item.name)</a></td>\
            <td class="num">\(WebFormat.money(item.balance))</td></tr>
            """
        }
        return panel(context.owner(.receivablesAgeing), link: "/receivables", """
            <table><tbody>\(ageRows)</tbody><tfoot><tr><td>\(context.text(.total))</td>\
            <td class="num"><a href="/receivables">\(WebFormat.money(totals.balance))</a></td></tr></tfoot></table>
            <h3>\(context.owner(.largestDebtors))</h3>
            \(debtors.isEmpty ? "<p class=\"empty\">\(context.owner(.nothingYet))</p>" : "<table><tbody>\(debtors)</tbody></table>")
            """)
    }

    /// The `rows` groups of `report` with the largest margin.
    static func top(_ report: Report, title: OwnerText, grouping: RevenueGrouping, today: CalendarDate,
                    _ context: PageContext) -> HTML {
        let link = ReportLinks.revenue(ReportPeriod(from: nil, to: nil, today: today), grouping)
        // Each row's margin read once, not once per comparison (hundreds of products a month).
        let best = report.rows.map { (margin: report.minor("margin", in: $0), row: $0) }.sorted { $0.margin > $1.margin }
            .prefix(rows).map(\.row)
        let lines = best.map { row -> HTML in
            let name = row.count > 1 ? row[1].display : ""
            let target = grouping == .client ? "/clients/" + (row.first?.display ?? "") : link
            // A client's margin leads to the revenue report of that client alone, by product.
            let figure = grouping == .client ? ReportLinks.revenue(ReportPeriod(from: nil, to: nil, today: today), .product)
                + "&client_id=" + (row.first?.display ?? "") : link
            return """
                <tr><td><a href="\(target)">\(name)</a></td>\
                <td class="num"><a href="\(figure)">\(WebFormat.money(Money(minorUnits: report.minor("margin", in: row))))</a></td>\
                <td class="num">\(ReportLinks.percent(row.count > 5 ? row[5] : .percent(nil)))</td></tr>
                """
        }
        return panel(context.owner(title), link: link, lines.isEmpty ? "<p class=\"empty\">\(context.owner(.nothingYet))</p>" : """
            <table><thead><tr><th></th><th class="num">\(context.owner(.margin))</th><th class="num">%</th></tr></thead>\
            <tbody>\(lines)</tbody></table>
            """)
    }

    /// This month's write-offs by storekeeper and by reason, each row leading to the report so grouped.
    static func writeOffs(_ reports: [Report], _ context: PageContext) -> HTML {
        let tables = reports.map { report -> HTML in
            let grouping = report.parameters["group_by"] ?? ""
            let link = "/reports/write-offs?preset=month&group_by=" + grouping
            let lines = report.rows.prefix(5).map { row -> HTML in
                let key = row.first?.display ?? ""
                let name = grouping == "reason" ? context.text(.writeOffReason(key)) : key
                return "<tr><td><a href=\"\(link)\">\(name)</a></td><td class=\"num\">\(WebFormat.money(Money(minorUnits: report.minor("value", in: row))))</td></tr>"
            }
            return """
                <h3>\(context.owner(.grouping(grouping)))</h3>\
                \(lines.isEmpty ? "<p class=\"empty\">\(context.owner(.nothingYet))</p>" : "<table><tbody>\(lines)</tbody></table>")
                """
        }
        return panel(context.owner(.writeOffsThisMonth), link: "/reports/write-offs?preset=month", HTML.joined(tables))
    }

    static func lowStock(_ items: [LowStockItem], _ context: PageContext) -> HTML {
        let lines = items.prefix(rows).map { item -> HTML in
            """
            <tr><td><a href="/stock/products/\(String(item.productID.rawValue))">\(item.name)</a></td>\
            <td class="num">\(WebFormat.quantity(item.available, unit: item.unit))</td>\
            <td class="num">\(WebFormat.quantity(item.minStock, unit: item.unit))</td></tr>
            """
        }
        return panel(context.text(.lowStock), link: "/stock", lines.isEmpty ? "<p class=\"empty\">\(context.owner(.nothingYet))</p>" : """
            <table><thead><tr><th>\(context.text(.product))</th><th class="num">\(context.text(.available))</th>\
            <th class="num">\(context.text(.minStock))</th></tr></thead><tbody>\(lines)</tbody></table>
            """)
    }

    static func waiting(_ orders: [OrderSummary], _ context: PageContext) -> HTML {
        panel(context.owner(.waitingShipment), link: "/orders?status=confirmed", orderTable(orders, context))
    }

    /// Confirmed orders holding stock for more than `days` days, each leading to its order.
    static func oldReservations(_ orders: [OrderSummary], days: Int, _ context: PageContext) -> HTML {
        panel(context.owner(.oldReservations(days: days)), link: "/orders?status=confirmed", orderTable(orders, context))
    }

    /// Orders by number, confirmation day and amount with VAT.
    private static func orderTable(_ orders: [OrderSummary], _ context: PageContext) -> HTML {
        let lines = orders.map { order -> HTML in
            """
            <tr><td><a href="/orders/\(String(order.id.rawValue))">\(order.number)</a></td>\
            <td>\(order.confirmedAt.map(WebFormat.date) ?? "")</td><td class="num">\(WebFormat.money(order.total))</td></tr>
            """
        }
        return lines.isEmpty ? "<p class=\"empty\">\(context.owner(.nothingYet))</p>" : "<table><tbody>\(lines)</tbody></table>"
    }

    private static func panel(_ title: String, link: String, _ body: HTML) -> HTML {
        "<section class=\"panel\"><h2><a href=\"\(link)\">\(title)</a></h2>\(body)</section>"
    }
}
