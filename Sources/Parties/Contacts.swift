// Contact people at a party: who to call, their position, phones and e-mails. Seen and added
// under the party's own visibility (another manager's party's contacts are `404` too).

import ERPCore
import Foundation
import Postgres

/// The command that adds a contact: the `POST /api/v1/parties/{id}/contacts` body.
package struct NewContact: Codable, Sendable, Equatable {
    /// 1–200 characters after trimming.
    package var name: String
    /// Job title, up to 200 characters.
    package var position: String?
    /// Phone numbers in any common notation; stored as digits.
    package var phones: [String]?
    /// E-mail addresses.
    package var emails: [String]?

    /// A new contact command.
    package init(name: String, position: String? = nil, phones: [String]? = nil, emails: [String]? = nil) {
        self.name = name
        self.position = position
        self.phones = phones
        self.emails = emails
    }

    /// Checks every field at once and returns the command normalised.
    /// - Throws: `ERPError.validationFailed` listing every bad field.
    func validated() throws(ERPError) -> NewContact {
        var problems = FieldErrors()
        var result = self
        result.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(1...200).contains(result.name.count) { problems.add("name", "must be 1 to 200 characters") }
        result.position = NewParty.present(position)
        if let position = result.position, position.count > 200 { problems.add("position", "must be at most 200 characters") }
        result.phones = (phones ?? []).enumerated().compactMap { index, phone in
            guard let digits = Requisites.normalizedPhone(phone) else {
                problems.add("phones[\(index)]", "'\(phone)' is not a phone number (10 to 15 digits)")
                return nil
            }
            return digits
        }
        result.emails = (emails ?? []).enumerated().map { index, email in
            let trimmed = email.trimmingCharacters(in: .whitespaces)
            if let problem = Requisites.emailProblem(trimmed) { problems.add("emails[\(index)]", problem) }
            return trimmed
        }
        try problems.throwIfAny()
        return result
    }
}

/// A contact person at a party, as `GET /api/v1/parties/{id}/contacts` lists it.
package struct Contact: Codable, Sendable, Equatable {
    /// The contact's id.
    package var id: ContactID
    /// The party they work at.
    package var partyID: PartyID
    /// Their name.
    package var name: String
    /// Their job title.
    package var position: String?
    /// Phone numbers, as digits.
    package var phones: [String]
    /// E-mail addresses.
    package var emails: [String]
    /// When the contact was added.
    package var createdAt: Date

    private enum CodingKeys: String, CodingKey { case id, partyID, name, position, phones, emails, createdAt }

    /// Encodes every field; `position` as `null` when unknown.
    /// - Throws: `EncodingError`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(partyID, forKey: .partyID)
        try container.encode(name, forKey: .name)
        try container.encode(position, forKey: .position)
        try container.encode(phones, forKey: .phones)
        try container.encode(emails, forKey: .emails)
        try container.encode(createdAt, forKey: .createdAt)
    }

    static let columns: PostgresQuery = """
        SELECT id, party_id, name, position, array_to_json(phones)::text, array_to_json(emails)::text, created_at
        FROM party_contacts
        """

    /// Reads a row selected with `columns`.
    /// - Throws: `PostgresError` of kind `.decoding`.
    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode(0, as: ContactID.self)
        partyID = try row.decode(1, as: PartyID.self)
        name = try row.decode(2, as: String.self)
        position = try row.decode(3, as: String?.self)
        phones = try Party.textArray(row, 4)
        emails = try Party.textArray(row, 5)
        createdAt = try row.decode(6, as: Date.self)
    }
}

/// The contact use cases inside a given transaction; `PartiesService` wraps them.
package enum Contacts {
    /// Adds a contact to a party the principal may change, and audits `party_contact.create`.
    /// - Throws: `ERPError.forbidden` (no `editParties`), `.notFound` (no such or not visible
    ///   party), `.validationFailed`; `PostgresError`.
    package static func add(
        _ command: NewContact, to partyID: PartyID, by principal: Principal, time: TimeSource = .system,
        in tx: Transaction
    ) throws -> Contact {
        try principal.require(.editParties)
        let new = try command.validated()
        // Locks the party so a contact cannot be added while it is being changed.
        _ = try Visibility.visible(try Parties.fetch(partyID, lock: true, in: tx), to: principal)
        let rows = try tx.query("""
            INSERT INTO party_contacts (party_id, name, position, phones, emails, created_at)
            VALUES (\(partyID), \(new.name), \(new.position), \(new.phones ?? []), \(new.emails ?? []), \(time.now))
            RETURNING id
            """)
        let id = try rows.single().decode(0, as: ContactID.self)
        guard let row = try tx.query(Contact.columns + " WHERE id = \(id)").firstRow else {
            throw ERPError.notFound(entity: "contact", id: String(id.rawValue))
        }
        let contact = try Contact(row: row)
        try Audit.record(in: tx, by: principal, action: "party_contact.create", entityType: "party_contact",
                         entityID: id, change: try ERPJSON.decode(JSONValue.self, from: try ERPJSON.encode(contact)))
        return contact
    }

    /// The contacts of a party the principal sees, in the order they were added (storekeepers: the
    /// delivery contact only, `Visibility.shown`).
    /// - Throws: `ERPError.forbidden`, `.notFound`; `PostgresError`.
    package static func list(of partyID: PartyID, by principal: Principal, in tx: Transaction) throws -> [Contact] {
        _ = try Parties.get(partyID, by: principal, in: tx)
        let rows = try tx.query(Contact.columns + " WHERE party_id = \(partyID) ORDER BY id")
        return Visibility.shown(try rows.map { (row) throws(PostgresError) in try Contact(row: row) }, to: principal)
    }
}
