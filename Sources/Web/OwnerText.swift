// The owner's words (dashboard, reports), kept apart from the foundation's catalog so each group
// of pages owns its texts. `Message.owner(_:)` carries them; both languages are exhaustive switches.

/// A text of the owner's pages; `Message.owner(_:)` puts it into the catalog.
package enum OwnerText: Sendable, Equatable {
    // Menu and headings.
    case dashboard, reports, revenueReport, stockReport, writeOffsReport
    case today, thisMonth, yearToDate, againstBefore, revenueByMonth, stockByWarehouse, topClients, topProducts
    case receivablesAgeing, largestDebtors, writeOffsThisMonth, waitingShipment, lastThirtyDays, nothingYet, allDebts, allOrders, allLowStock
    // Figures.
    case revenue, cost, margin, marginPercent, previousRevenue, previousMargin, products, documents, key, name, debt, overdue
    // Filters and downloads.
    case period, from, to, groupBy, show, downloadCSV, downloadJSON, preset(String), grouping(String), column(String)
    // The audit log.
    case auditLog, who, when, channel, action, entity, change, allUsers, allChannels, channelName(String), emptyAudit
    // More report pages, their filters, old reservations (issue 16).
    case movementsReport, pipelineReport, overdueTasksReport, allManagers, allClients, moveKind(String)
    case oldReservations(days: Int)
    /// A long report's pager: rows `from`–`to` of `of`, the total row's words, the links.
    case rowsShown(from: Int, to: Int, of: Int), totalOfAllRows(Int), earlierRows, laterRows
    /// A month in words: `декабрь 2026`; `short` for chart labels (`дек`).
    case month(Int, short: Bool)
}

extension PageContext {
    /// An owner's text in the request's language.
    func owner(_ text: OwnerText) -> String { self.text(.owner(text)) }
}
