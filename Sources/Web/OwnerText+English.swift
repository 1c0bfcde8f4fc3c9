// The owner's pages in English.

import Foundation
import Reports

extension OwnerText {
    /// The English text.
    var english: String {
        switch self {
        case .dashboard: "Dashboard"
        case .reports: "Reports"
        case .revenueReport: "Revenue and margin"
        case .stockReport: "Stock and its value"
        case .writeOffsReport: "Write-offs"
        case .today: "Today"
        case .thisMonth: "This month"
        case .yearToDate: "Year to date"
        case .againstBefore: "previous period"
        case .revenueByMonth: "Revenue and margin by month"
        case .stockByWarehouse: "Stock value by warehouse"
        case .topClients: "Top 10 clients by margin, 30 days"
        case .topProducts: "Top 10 products by margin, 30 days"
        case .receivablesAgeing: "Receivables by age"
        case .largestDebtors: "Largest debtors"
        case .writeOffsThisMonth: "Write-offs this month"
        case .waitingShipment: "Confirmed orders waiting for shipment"
        case .lastThirtyDays: "30 days"
        case .nothingYet: "No data yet."
        case .allDebts: "All receivables"
        case .allOrders: "All orders"
        case .allLowStock: "All stock"
        case .revenue: "Revenue"
        case .cost: "Cost"
        case .margin: "Margin"
        case .marginPercent: "Margin, %"
        case .previousRevenue: "Revenue, previous period"
        case .previousMargin: "Margin, previous period"
        case .products: "Products"
        case .documents: "Documents"
        case .key: "Key"
        case .name: "Name"
        case .debt: "Debt"
        case .overdue: "Overdue"
        case .period: "Period"
        case .from: "From"
        case .to: "To"
        case .groupBy: "Grouping"
        case .show: "Show"
        case .downloadCSV: "Download CSV"
        case .downloadJSON: "Download JSON"
        case .preset(let name): name.replacingOccurrences(of: "_", with: " ").capitalized
        case .grouping(let name): "By " + name
        case .column(let name): Self.columns[name] ?? name.replacingOccurrences(of: "_", with: " ").capitalized
        case .auditLog: "Audit log"
        case .who: "Who"
        case .when: "When"
        case .channel: "Channel"
        case .action: "Action"
        case .entity: "Entity"
        case .change: "Before → after"
        case .allUsers: "All users"
        case .allChannels: "All channels"
        case .channelName(let name): name == "api" || name == "cli" ? name.uppercased() : name.capitalized
        case .emptyAudit: "No entries found. Change the filter."
        case .month(let month, let short): ReportText.month(month, year: nil, short: short).english
        case .movementsReport: "Stock movements"
        case .pipelineReport: "Deal pipeline"
        case .overdueTasksReport: "Overdue tasks"
        case .allManagers: "All managers"
        case .allClients: "All clients"
        case .moveKind(let kind): ReportText.moveKind(kind).english
        case .oldReservations(let days): "Reservations older than \(days) days"
        case .rowsShown(let from, let to, let all): "Rows \(from)–\(to) of \(all)"
        case .totalOfAllRows(let all): "Total of all \(all) rows"
        case .earlierRows: "Previous"
        case .laterRows: "Next"
        }
    }

    private static let columns = ["margin_pct": "Margin, %", "previous_margin_pct": "Previous margin, %", "to_next_pct": "Moved on, %",
                                  "conversion_pct": "Won of closed, %", "average_cycle_days": "Average cycle, days"]
}
