// Who sees which parties (docs/decisions.md, Access): a manager without `all_clients` sees and
// changes only the parties they own. Anyone else's party does not exist for them — `404`, never
// `403`, so a card's existence does not leak — and never appears in a list or a search.

import ERPCore

/// The visibility and ownership rules for parties, shared by every party use case.
package enum Visibility {
    /// The only owner whose parties `principal` may see, or nil when they see every party.
    package static func restrictedOwner(for principal: Principal) -> UserID? {
        principal.role == .manager && !principal.allClients ? principal.userID : nil
    }

    /// Whether `principal` sees `party`.
    package static func sees(_ party: Party, _ principal: Principal) -> Bool {
        guard let owner = restrictedOwner(for: principal) else { return true }
        return party.ownerID == owner
    }

    /// Whether `principal` may give a party to someone else (or take it from them): owners,
    /// accountants and managers with `all_clients`.
    package static func mayReassign(_ principal: Principal) -> Bool {
        switch principal.role {
        case .owner, .accountant: true
        case .manager: principal.allClients
        case .storekeeper, .purchaser: false
        }
    }

    /// What `principal` may read of `party`: all of it with `readPartyDetails`; otherwise what
    /// shipping needs — name, kind, client/supplier, delivery address and one delivery phone.
    package static func shown(_ party: Party, to principal: Principal) -> Party {
        guard !principal.may(.readPartyDetails) else { return party }
        var shown = party
        (shown.inn, shown.kpp, shown.ogrn, shown.bank, shown.ownerID) = (nil, nil, nil, nil, nil)
        shown.phones = Array(party.phones.prefix(1))
        (shown.emails, shown.tags) = ([], [])
        (shown.priceTypeID, shown.discountPct) = (nil, .zero)
        return shown
    }

    /// What `principal` may read of a party's contacts: all of them with `readPartyDetails`;
    /// otherwise the first contact (the delivery contact) with only a name and phones.
    static func shown(_ contacts: [Contact], to principal: Principal) -> [Contact] {
        guard !principal.may(.readPartyDetails) else { return contacts }
        return contacts.prefix(1).map { contact in
            var shown = contact
            (shown.position, shown.emails) = (nil, [])
            return shown
        }
    }

    /// `party` when `principal` sees it.
    /// - Throws: `ERPError.notFound` when it is not theirs to see.
    static func visible(_ party: Party, to principal: Principal) throws(ERPError) -> Party {
        guard sees(party, principal) else { throw ERPError.notFound(entity: "party", id: String(party.id.rawValue)) }
        return party
    }

    /// The owner a new party gets: the one asked for, else the creating manager themself.
    /// - Throws: `ERPError.forbidden` when a manager without the right names someone else.
    static func owner(of command: NewParty, createdBy principal: Principal) throws(ERPError) -> UserID? {
        let defaultOwner = principal.role == .manager ? principal.userID : nil
        guard let asked = command.ownerID else { return defaultOwner }
        if asked != defaultOwner && !mayReassign(principal) {
            throw ERPError.forbidden(action: "assign a party to another manager")
        }
        return asked
    }
}
