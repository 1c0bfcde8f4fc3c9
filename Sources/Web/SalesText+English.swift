// The sales pages in English.

import Reports

extension SalesText {
    /// The English text.
    var english: String {
        switch self {
        case .clients: "Clients"
        case .orders: "Sales orders"
        case .tasks: "My tasks"
        case .documents: "Documents"
        case .payments: "Payments"
        case .receivables: "Receivables"
        case .deals: "Deals"
        case .contacts: "Contact people"
        case .timeline: "Timeline"
        case .emptyClients: "No clients found. Change the search or create a client."
        case .emptyOrders: "No orders yet. Create one from a client's card."
        case .emptyDocuments: "No documents yet. An invoice is issued from a confirmed order."
        case .emptyDocumentList: "No documents found. Change the filter or issue an invoice from an order."
        case .emptyPayments: "No payments yet."
        case .emptyPaymentList: "No payments yet. Record one from the bank statement."
        case .emptyTasks: "No open tasks."
        case .emptyDeals: "No deals."
        case .emptyContacts: "No contact people."
        case .emptyTimeline: "Nothing yet. Log a call or a meeting."
        case .emptyReceivables: "Nobody owes anything."
        case .noTasksHere: "No tasks here."
        case .searchClients: "Name or INN"
        case .mine: "My clients"
        case .allClients: "All clients"
        case .allStatuses: "All statuses"
        case .allTypes: "All types"
        case .allPeriods: "Any date"
        case .notADate: "Enter a date, e.g. 01.12.2026"
        case .periodBackwards: "The period starts after it ends"
        case .totalShown: "Total on this page"
        case .newClient: "New client"
        case .kind: "Kind"
        case .company: "Company"
        case .person: "Person or sole trader"
        case .name: "Name"
        case .inn: "INN"
        case .kpp: "KPP"
        case .phone: "Phone"
        case .email: "E-mail"
        case .address: "Address"
        case .manager: "Manager"
        case .otherManager: "another manager"
        case .debt: "Owes"
        case .overdue: "Overdue"
        case .client: "Client"
        case .activityKind: "What happened"
        case .activityText: "Notes"
        case .outcome: "Outcome"
        case .logActivity: "Log it"
        case .activityType(let type):
            switch type {
            case "call": "Call"
            case "meeting": "Meeting"
            case "email": "E-mail"
            case "note": "Note"
            default: type
            }
        case .deal: "Deal"
        case .dealStage(let stage): ReportText.dealStage(stage).english
        case .task: "Task"
        case .dueAt: "Due"
        case .order: "Sales order"
        case .newOrder: "New order"
        case .searchProduct: "Find a product: name, SKU or barcode"
        case .price: "Price"
        case .saveDraft: "Save draft"
        case .addAProduct: "Add at least one product"
        case .confirm: "Confirm"
        case .notConfirmed: "The order is not confirmed: stock is short. Nothing was reserved."
        case .shipped: "Shipped"
        case .returned: "Returned"
        case .vat: "Incl. VAT"
        case .totalWithVAT: "Total with VAT"
        case .issueInvoice: "Issue invoice"
        case .issueUPD: "Issue UPD"
        case .paymentState: "Payment"
        case .paid: "Paid"
        case .due: "Due"
        case .orderStatus(let status):
            switch status {
            case "draft": "Draft"
            case "confirmed": "Confirmed (reserved)"
            case "partially_shipped": "Partly shipped"
            case "shipped": "Shipped"
            case "cancelled": "Cancelled"
            default: status
            }
        case .orderPayment(let status):
            switch status {
            case "unpaid": "Unpaid"
            case "partially_paid": "Partly paid"
            case "paid": "Paid"
            default: status
            }
        case .short(let missing, let available): "Short by \(missing): \(available) available in the warehouse"
        case .overdueTasks: "Overdue"
        case .todayTasks: "Today"
        case .upcomingTasks: "Upcoming"
        case .markDone: "Done"
        case .documentType(let type):
            switch type {
            case "invoice": "Invoice"
            case "upd": "UPD"
            case "act": "Act"
            case "credit_note": "Credit note"
            case "ukd": "Correction (UKD)"
            default: type
            }
        case .documentStatus(let status):
            switch status {
            case "issued": "Issued"
            case "annulled": "Annulled"
            default: status
            }
        case .printForm: "Print"
        case .printTORG12: "TORG-12 waybill"
        case .annul: "Annul"
        case .annulledBecause: "Annulled. Reason:"
        case .payment: "Payment"
        case .recordPayment: "Record payment"
        case .amount: "Amount"
        case .bankRef: "Bank reference"
        case .allocation: "Allocate to"
        case .oldestFirst: "Oldest debts first"
        case .unallocated: "Unallocated"
        case .nothingAllocated: "The payment is not allocated to any document yet."
        case .reverse: "Reverse"
        case .paymentStatus(let status):
            switch status {
            case "posted": "Posted"
            case "reversed": "Reversed"
            default: status
            }
        case .dateExpected: "Enter a date like 07.12.2026"
        case .asOf: "As of"
        case .ageingDays: "debt by age, days"
        case .noticeCreated: "Created:"
        case .noticeConfirmed: "Confirmed order"
        case .noticeIssued: "Issued document"
        case .noticeRecorded: "Recorded payment"
        case .noticeAnnulled: "Annulled document"
        case .noticeReversed: "Reversed payment"
        case .noticeDone: "Done:"
        case .noticeLogged: "Logged in the client's timeline"
        }
    }
}
