import ERPCore
import Foundation
import HTTP1
import Parties
import Postgres
import TestSupport
import Testing

@testable import ERPServer

/// The party routes in-process, over a real database and real tokens.
@Suite("Party routes")
struct PartyRoutesTests {
    let api: APIFixture
    var connection: Connection { api.connection }

    static let company = """
        {"kind": "company", "name": "Sberbank", "is_client": true, "inn": "7707083893", "kpp": "773601001",
         "ogrn": "1027700132195", "bank": {"bic": "044525225", "account": "40702810938000012345",
         "name": "Sberbank", "corr_account": "30101810400000000225"}, "phones": ["+7 495 500-55-50"],
         "emails": ["info@sber.example"], "tags": ["vip"]}
        """

    init() throws {
        api = try APIFixture(users: [("kate", .manager), ("lev", .manager), ("keeper", .storekeeper)])
    }

    private func call(_ method: HTTPMethod, _ target: String, as login: String = "owner", body: String? = nil,
                      headers: [(String, String)] = []) -> HTTPResponse {
        api.call(method, target, as: login, body: body, headers: headers)
    }

    @Test func createGetListAndPatchSpeakTheAPIShapes() throws {
        let created = call(.post, "/api/v1/parties", body: Self.company)
        #expect(created.status == 201, "\(created.text)")
        let party = created.jsonBody
        #expect(party["name"] == .string("Sberbank") && party["is_client"] == .bool(true) && party["kpp"] == .string("773601001"))
        #expect(party["bank"]?["corr_account"] == .string("30101810400000000225") && party["owner_id"] == .null)
        #expect(party["phones"] == .array([.string("74955005550")]) && party["version"] == .number("1"))
        guard case .number(let id)? = party["id"] else { Issue.record("no id"); return }

        let fetched = call(.get, "/api/v1/parties/\(id)")
        #expect(fetched.status == 200 && fetched.jsonBody == party)
        let list = call(.get, "/api/v1/parties?q=sber&is_client=true")
        #expect(list.status == 200 && list.jsonBody["items"] == .array([party]) && list.jsonBody["next_cursor"] == .null)
        #expect(call(.get, "/api/v1/parties?is_supplier=true").jsonBody["items"] == .array([]))

        let patched = call(.patch, "/api/v1/parties/\(id)", body: #"{"version": 1, "name": "Sberbank PJSC"}"#)
        #expect(patched.status == 200 && patched.jsonBody["name"] == .string("Sberbank PJSC"))
        let stale = call(.patch, "/api/v1/parties/\(id)", body: #"{"version": 1, "name": "Lost"}"#)
        #expect(stale.status == 409 && stale.errorCode == "version_conflict")
        #expect(call(.get, "/api/v1/parties/999").status == 404)
        #expect(call(.get, "/api/v1/parties/abc").status == 404)
    }

    @Test func invalidPartiesAre422WithEveryFieldPath() throws {
        let body = #"{"kind": "company", "name": "X", "inn": "7707083894", "bank": {"bic": "044525225", "account": "40702810938000012346"}, "emails": ["nope"]}"#
        let response = call(.post, "/api/v1/parties", body: body)
        #expect(response.status == 422 && response.errorCode == "validation_failed")
        guard case .object(let fields)? = response.jsonBody["error"]?["details"]?["fields"] else {
            Issue.record("no details.fields in \(response.text)")
            return
        }
        #expect(Set(fields.keys) == ["inn", "bank.account", "emails[0]"])
        #expect(call(.post, "/api/v1/parties", body: #"{"kind": "robot", "name": "X"}"#).status == 422)
        #expect(call(.post, "/api/v1/parties", body: #"{"kind": "company", "name": 7}"#).status == 400)
        #expect(call(.get, "/api/v1/parties?is_client=maybe&limit=x").status == 422)
        #expect(try connection.query("SELECT count(*) FROM parties").single().decode(0, as: Int64.self) == 0)
    }

    @Test func duplicatesAre409AndIdempotencyKeysReplay() throws {
        let key = [("Idempotency-Key", "create-sber")]
        let first = call(.post, "/api/v1/parties", body: Self.company, headers: key)
        let replay = call(.post, "/api/v1/parties", body: Self.company, headers: key)
        #expect(first.status == 201 && replay.status == 201 && replay.body == first.body)
        let duplicate = call(.post, "/api/v1/parties", body: Self.company)
        #expect(duplicate.status == 409 && duplicate.errorCode == "duplicate")
        #expect(duplicate.jsonBody["error"]?["details"]?["existing_id"] == first.jsonBody["id"])
        #expect(try connection.query("SELECT count(*) FROM parties").single().decode(0, as: Int64.self) == 1)
    }

    @Test func managersSeeOnlyTheirOwnPartiesOverHTTP() throws {
        let levs = call(.post, "/api/v1/parties", as: "lev", body: #"{"kind": "company", "name": "Lev Client"}"#)
        #expect(levs.status == 201)
        guard case .number(let id)? = levs.jsonBody["id"] else { Issue.record("no id"); return }
        #expect(call(.get, "/api/v1/parties/\(id)", as: "kate").status == 404)
        #expect(call(.patch, "/api/v1/parties/\(id)", as: "kate", body: #"{"version": 1}"#).status == 404)
        #expect(call(.get, "/api/v1/parties", as: "kate").jsonBody["items"] == .array([]))
        #expect(call(.get, "/api/v1/parties", as: "lev").jsonBody["items"] == .array([levs.jsonBody]))
        #expect(call(.post, "/api/v1/parties", as: "keeper", body: #"{"kind": "company", "name": "K"}"#).status == 403)
        #expect(call(.get, "/api/v1/parties").status == 200)
    }

    @Test func contactsAreAddedAndListed() throws {
        let party = call(.post, "/api/v1/parties", body: Self.company)
        guard case .number(let id)? = party.jsonBody["id"] else { Issue.record("no id"); return }
        let added = call(.post, "/api/v1/parties/\(id)/contacts", body: #"{"name": "Anna", "position": "Buyer", "phones": ["8 916 123 45 67"]}"#)
        #expect(added.status == 201 && added.jsonBody["party_id"] == .number(id) && added.jsonBody["phones"] == .array([.string("79161234567")]))
        let list = call(.get, "/api/v1/parties/\(id)/contacts")
        #expect(list.status == 200 && list.jsonBody["items"] == .array([added.jsonBody]))
        #expect(call(.post, "/api/v1/parties/\(id)/contacts", body: #"{"name": ""}"#).status == 422)
        #expect(call(.get, "/api/v1/parties/\(id)/contacts", as: "kate").status == 404)
    }

    /// The CSV of one party row (cells in `PartyCSV.header` order).
    private static func csv(_ rows: [[String]]) -> String {
        ([PartyCSV.header] + rows).map(PartyCSV.line).joined(separator: "\r\n") + "\r\n"
    }

    private static let sberRow = ["company", "Sberbank PJSC", "true", "false", "7707083893", "773601001", "", "", "", "",
                                  "", "", "", "", "", ""]

    private func importCSV(_ body: String, as login: String = "owner", query: String = "") -> HTTPResponse {
        call(.post, "/api/v1/parties/import" + query, as: login, body: body, headers: [("Content-Type", "text/csv; charset=utf-8")])
    }

    @Test func exportAndImportSpeakCSVAndTheRoundTripIsTheIdentity() throws {
        #expect(call(.post, "/api/v1/parties", body: Self.company).status == 201)
        let export = call(.get, "/api/v1/parties/export")
        #expect(export.status == 200 && export.headers["Content-Type"] == "text/csv; charset=utf-8")
        #expect(export.text.hasPrefix(PartyCSV.line(PartyCSV.header) + "\r\n") && export.text.contains("7707083893"))
        let again = importCSV(export.text)
        #expect(again.status == 200, "\(again.text)")
        #expect(again.jsonBody == .object(["created": .number("0"), "updated": .number("0"), "unchanged": .number("1"),
                                           "dry_run": .bool(false)]))
        #expect(call(.get, "/api/v1/parties/export").text == export.text)

        let person = ["person", "Ivan Petrov", "false", "true", "500100732259", "", "", "", "", "", "", "", "", "", "", ""]
        let dry = importCSV(Self.csv([person]), query: "?dry_run=true")
        #expect(dry.status == 200 && dry.jsonBody["created"] == .number("1") && dry.jsonBody["dry_run"] == .bool(true))
        #expect(importCSV(Self.csv([person])).jsonBody["created"] == .number("1"))
        #expect(try connection.query("SELECT count(*) FROM parties").single().decode(0, as: Int64.self) == 2)
        let exports = try connection.query("SELECT count(*) FROM audit_log WHERE action = 'party.export'").single()
        #expect(try exports.decode(0, as: Int64.self) == 2)

        #expect(call(.post, "/api/v1/parties/import", body: Self.csv([person])).status == 400)
        #expect(importCSV(Self.csv([person]), query: "?dry_run=maybe").status == 422)
        #expect(importCSV(Self.csv([person]), as: "keeper").status == 403)
        #expect(call(.get, "/api/v1/parties/export", as: "keeper").status == 403)
    }

    @Test func aBadRowRefusesTheWholeFileWithEveryBadRowReported() throws {
        let bad = ["company", "Bad", "true", "false", "7707083894", "", "", "", "", "", "", "", "", "", "", ""]
        let response = importCSV(Self.csv([Self.sberRow, bad, ["robot"]]))
        #expect(response.status == 422 && response.errorCode == "validation_failed")
        guard case .object(let fields)? = response.jsonBody["error"]?["details"]?["fields"] else {
            Issue.record("no details.fields in \(response.text)")
            return
        }
        #expect(Set(fields.keys) == ["row 3.inn", "row 4"])
        #expect(try connection.query("SELECT count(*) FROM parties").single().decode(0, as: Int64.self) == 0)
    }

    @Test func aManagerCannotImportOverAnotherManagersPartyAndExportsOnlyTheirOwn() throws {
        let levs = call(.post, "/api/v1/parties", as: "lev", body: Self.company)
        #expect(levs.status == 201)
        #expect(call(.post, "/api/v1/parties", as: "kate", body: #"{"kind": "company", "name": "Kate Client"}"#).status == 201)

        // Lev's INN and KPP are invisible to Kate: her row is refused, not merged into his card.
        let over = importCSV(Self.csv([Self.sberRow]), as: "kate")
        #expect(over.status == 422, "\(over.text)")
        // Refused as a duplicate that names no card: Kate does not learn whose it is.
        #expect(over.jsonBody["error"]?["details"]?["fields"] == .object(["row 2": .string("Party with this inn, kpp already exists.")]))
        guard case .number(let id)? = levs.jsonBody["id"] else { Issue.record("no id"); return }
        #expect(call(.get, "/api/v1/parties/\(id)", as: "lev").jsonBody["name"] == .string("Sberbank"))

        let kates = call(.get, "/api/v1/parties/export", as: "kate")
        #expect(kates.status == 200 && kates.text.contains("Kate Client") && !kates.text.contains("7707083893"))
        let levsExport = call(.get, "/api/v1/parties/export", as: "lev")
        #expect(levsExport.text.contains("7707083893") && !levsExport.text.contains("Kate Client"))
        // What Lev exports he can import back unchanged; the owner sees both cards.
        #expect(importCSV(levsExport.text, as: "lev").jsonBody["unchanged"] == .number("1"))
        let all = call(.get, "/api/v1/parties/export").text
        #expect(all.contains("Kate Client") && all.contains("7707083893"))
    }
}
