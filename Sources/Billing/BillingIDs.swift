import ERPCore

/// A closing document's id (invoice, UPD, act or credit note).
package struct DocumentID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// An incoming payment's id.
package struct PaymentID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// An advance invoice's id (счёт-фактура на аванс).
package struct AdvanceInvoiceID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}
