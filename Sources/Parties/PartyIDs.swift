import ERPCore

/// A counterparty's (client's or supplier's) id.
package struct PartyID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}

/// A contact person's id (someone at a company party).
package struct ContactID: EntityID {
    package let rawValue: Int64
    package init(rawValue: Int64) { self.rawValue = rawValue }
}
