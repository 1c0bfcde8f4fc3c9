// The manager's and the accountant's words (clients, orders, tasks, documents, payments,
// receivables), kept apart from the foundation's catalog so each group of pages owns its texts.
// `Message.sales(_:)` carries them; both languages are exhaustive switches.

/// A text of the sales pages; `Message.sales(_:)` puts it into the catalog.
package enum SalesText: Sendable, Equatable {
    // Menu and lists.
    case clients, orders, tasks, documents, payments, receivables, deals, contacts, timeline
    case emptyClients, emptyOrders, emptyDocuments, emptyDocumentList, emptyPayments, emptyPaymentList, emptyTasks
    case emptyDeals, emptyContacts, emptyTimeline, emptyReceivables, noTasksHere
    case searchClients, mine, allClients, allStatuses, allTypes, totalShown, allPeriods, notADate, periodBackwards
    // Clients.
    case newClient, kind, company, person, name, inn, kpp, phone, email, address, manager, otherManager, debt, overdue
    case client, activityKind, activityText, outcome, logActivity, activityType(String), deal, dealStage(String), task, dueAt
    // Orders.
    case order, newOrder, searchProduct, price, saveDraft, addAProduct, confirm, notConfirmed, shipped, returned, vat
    case totalWithVAT, issueInvoice, issueUPD, paymentState, paid, due, orderStatus(String), orderPayment(String)
    /// A short line of a refused confirmation: "Не хватает 3 шт.: на складе доступно 7".
    case short(missing: String, available: String)
    // Tasks.
    case overdueTasks, todayTasks, upcomingTasks, markDone
    // Documents and payments.
    case documentType(String), documentStatus(String), printForm, printTORG12, annul, annulledBecause
    case payment, recordPayment, amount, bankRef, allocation, oldestFirst, unallocated, nothingAllocated, reverse
    case paymentStatus(String), dateExpected, asOf, ageingDays
    // Success banners.
    case noticeCreated, noticeConfirmed, noticeIssued, noticeRecorded, noticeAnnulled, noticeReversed, noticeDone, noticeLogged

    /// The success banner a redirect of these pages names (`?notice=confirmed`), or nil.
    static func notice(_ name: String) -> SalesText? {
        switch name {
        case "created": .noticeCreated
        case "confirmed": .noticeConfirmed
        case "issued": .noticeIssued
        case "recorded": .noticeRecorded
        case "annulled": .noticeAnnulled
        case "reversed": .noticeReversed
        case "done": .noticeDone
        case "logged": .noticeLogged
        default: nil
        }
    }
}

extension PageContext {
    /// A sales text in the request's language.
    func say(_ text: SalesText) -> String { self.text(.sales(text)) }
}
