import ERPCore
import Foundation
import HTTP1
import Testing

@testable import ERPServer

/// Exchange over HTTP, on the billing routes' shop: a UPD as XML, a bank statement previewed,
/// applied and queued.
extension BillingRoutesTests {
    private static let nonPayer = #"""
        {"kind": "company", "name": "ООО «Инструмент»", "inn": "7736207543", "kpp": "773601001", "vat_payer": false,
         "prices_include_vat": true, "director": "Иванов Иван Иванович", "address": "Москва, ул. Ленина, 1", "version": 0}
        """#

    @Test func aUPDIsDownloadedAsTheFNSsXMLUnderItsOwnFileName() throws {
        #expect(api.call(.put, "/api/v1/settings/company", as: "owner", body: Self.nonPayer).status == 200)
        #expect(api.call(.post, "/api/v1/orders/\(order)/ship", as: "kim", body: "{}").status == 201)
        let upd = api.call(.post, "/api/v1/orders/\(order)/documents", as: "acc", body: #"{"type": "upd"}"#)
        guard case .number(let id)? = upd.jsonBody["id"] else { Issue.record("\(upd.text)"); return }
        let xml = api.call(.get, "/api/v1/documents/\(id)/xml", as: "kim")
        #expect(xml.status == 200, "\(xml.text)")
        #expect(xml.headers["Content-Type"] == "application/xml; charset=windows-1251")
        let disposition = xml.headers["Content-Disposition"] ?? ""
        let name = disposition.firstMatch(of: /attachment; filename="(ON_NSCHFDOPPR_[^"]+)\.xml"/)?.1
        #expect(name != nil, "\(disposition)")
        let text = CodePage.windows1251.decode(xml.body) ?? ""
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"windows-1251\"?>") && text.contains("Функция=\"ДОП\""))
        #expect(name.map { text.contains("ИдФайл=\"\($0)\"") } == true)
        #expect(api.call(.get, "/api/v1/documents/\(id)/xml", as: nil).status == 401)
        #expect(api.call(.get, "/api/v1/documents/999999/xml", as: "acc").status == 404)
    }

    /// A statement (UTF-8) of one payment of 100.00 from a payer no client matches.
    private static let statement = [
        "1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "РасчСчет=40702810938000012345",
        "СекцияДокумент=Платежное поручение", "Номер=9", "Дата=01.12.2026", "Сумма=100.00", "ПлательщикИНН=500100732259",
        "ПолучательСчет=40702810938000012345", "ДатаПоступило=01.12.2026", "НазначениеПлатежа=За товар", "КонецДокумента",
        "КонецФайла",
    ].joined(separator: "\n")

    @Test func aStatementIsPreviewedThenAppliedAndItsUnknownPayerQueued() throws {
        let statement = Self.statement
        let preview = api.call(.post, "/api/v1/bank/statements?dry_run=true", as: "acc", body: statement)
        #expect(preview.status == 200, "\(preview.text)")
        #expect(preview.jsonBody["applied"] == .bool(false) && preview.jsonBody["encoding"] == .string("utf-8"))
        #expect(api.call(.get, "/api/v1/bank/queue", as: "acc").jsonBody["items"] == .array([]))
        #expect(api.call(.post, "/api/v1/bank/statements", as: "anna", body: statement).status == 403)
        #expect(api.call(.post, "/api/v1/bank/statements", as: "acc", body: "").status == 400)
        #expect(api.call(.post, "/api/v1/bank/statements", as: "acc", body: "1CClientBankExchange\n").status == 422)
        let applied = api.call(.post, "/api/v1/bank/statements", as: "acc", body: statement)
        #expect(applied.status == 200 && applied.jsonBody["applied"] == .bool(true), "\(applied.text)")
        guard case .array(let items)? = api.call(.get, "/api/v1/bank/queue", as: "acc").jsonBody["items"], items.count == 1,
              case .number(let line)? = items[0]["id"] else { Issue.record("the line is not queued"); return }
        let resolved = api.call(.post, "/api/v1/bank/queue/\(line)/resolve", as: "acc", body: #"{"client_id": \#(client)}"#)
        #expect(resolved.status == 200 && resolved.jsonBody["status"] == .string("resolved"), "\(resolved.text)")
        let again = api.call(.post, "/api/v1/bank/queue/\(line)/resolve", as: "acc", body: #"{"client_id": \#(client)}"#)
        #expect(again.errorCode == "invalid_state")
    }

    @Test func aQueuedLineIsDismissedWithAReasonListedAsDismissedAndReopened() throws {
        #expect(api.call(.post, "/api/v1/bank/statements", as: "acc", body: Self.statement).status == 200)
        guard case .array(let items)? = api.call(.get, "/api/v1/bank/queue", as: "acc").jsonBody["items"],
              case .number(let line)? = items.first?["id"] else { Issue.record("the line is not queued"); return }
        let audit = { try self.api.connection.query("SELECT count(*) FROM audit_log").firstRow?.decode(0, as: Int64.self) }
        let before = try audit()
        for (body, status) in [(#"{"reason": "other"}"#, 422), (#"{"reason": "lunch"}"#, 422), (#"{}"#, 422)] {
            let refused = api.call(.post, "/api/v1/bank/queue/\(line)/dismiss", as: "acc", body: body)
            #expect(refused.status == status, "\(body): \(refused.text)")
        }
        #expect(api.call(.post, "/api/v1/bank/queue/\(line)/dismiss", as: "anna", body: #"{"reason": "tax"}"#).status == 403)
        #expect(api.call(.post, "/api/v1/bank/queue/999999/dismiss", as: "acc", body: #"{"reason": "tax"}"#).status == 404)
        #expect(api.call(.post, "/api/v1/bank/queue/\(line)/reopen", as: "acc").errorCode == "invalid_state")
        #expect(try audit() == before)

        let dismissed = api.call(.post, "/api/v1/bank/queue/\(line)/dismiss", as: "acc",
                                 body: #"{"reason": "other", "comment": "возврат подотчётных"}"#)
        #expect(dismissed.status == 200 && dismissed.jsonBody["status"] == .string("dismissed"), "\(dismissed.text)")
        #expect(dismissed.jsonBody["dismissal"]?["comment"] == .string("возврат подотчётных"))
        #expect(api.call(.get, "/api/v1/bank/queue", as: "acc").jsonBody["items"] == .array([]))
        guard case .array(let listed)? = api.call(.get, "/api/v1/bank/queue?dismissed=true", as: "acc").jsonBody["items"] else {
            Issue.record("no dismissed list"); return
        }
        #expect(listed.count == 1)
        #expect(api.call(.get, "/api/v1/bank/queue?dismissed=maybe", as: "acc").status == 422)
        #expect(api.call(.post, "/api/v1/bank/queue/\(line)/resolve", as: "acc", body: #"{"client_id": \#(client)}"#).errorCode == "invalid_state")
        let reopened = api.call(.post, "/api/v1/bank/queue/\(line)/reopen", as: "acc")
        #expect(reopened.status == 200 && reopened.jsonBody["status"] == .string("queued"), "\(reopened.text)")
    }

    @Test func aPeriodIsDownloadedForOneCAndABadPeriodIsRefusedWithoutAnExport() throws {
        #expect(api.call(.put, "/api/v1/settings/company", as: "owner", body: Self.nonPayer).status == 200)
        #expect(api.call(.post, "/api/v1/orders/\(order)/ship", as: "kim", body: "{}").status == 201)
        let upd = api.call(.post, "/api/v1/orders/\(order)/documents", as: "acc", body: #"{"type": "upd"}"#)
        guard case .string(let day)? = upd.jsonBody["date"], case .string(let number)? = upd.jsonBody["number"] else {
            Issue.record("\(upd.text)"); return
        }
        let export = api.call(.get, "/api/v1/exports/1c?from=\(day)&to=\(day)", as: "acc")
        #expect(export.status == 200, "\(export.text)")
        #expect(export.headers["Content-Type"] == "application/xml; charset=utf-8")
        #expect(export.headers["Content-Disposition"] == "attachment; filename=\"enterprisedata-\(day)-\(day).xml\"")
        #expect(Array(export.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: export.body.dropFirst(3), as: UTF8.self)
        #expect(text.contains("<Документ.РеализацияТоваровУслуг>") && text.contains("<Номер>\(number)</Номер>"), "\(text)")

        #expect(api.call(.get, "/api/v1/exports/1c?from=\(day)&to=\(day)", as: "kim").status == 403)
        let missing = api.call(.get, "/api/v1/exports/1c?from=\(day)", as: "acc")
        #expect(missing.status == 422 && missing.jsonBody["error"]?["details"]?["fields"]?["to"] != nil, "\(missing.text)")
        #expect(api.call(.get, "/api/v1/exports/1c?from=\(day)&to=2000-01-01", as: "acc").status == 422)
        #expect(api.call(.get, "/api/v1/exports/1c?from=yesterday&to=\(day)", as: "acc").status == 422)
        let audited = try api.connection.query("SELECT count(*) FROM audit_log WHERE action = 'enterprisedata.export'").firstRow?
            .decode(0, as: Int64.self)
        #expect(audited == 1)
    }

    @Test func aSupplierPaymentIsDownloadedAsAPaymentOrderAndABadSelectionIsRefused() throws {
        #expect(api.call(.put, "/api/v1/settings/company", as: "owner", body: #"""
            {"kind": "company", "name": "ООО «Инструмент»", "inn": "7736207543", "kpp": "773601001", "vat_payer": true,
             "prices_include_vat": true, "version": 0,
             "bank": {"bic": "044525225", "account": "40702810938000012345", "name": "ПАО Сбербанк", "corr_account": "30101810400000000225"}}
            """#).status == 200)
        let supplier = api.call(.post, "/api/v1/parties", as: "owner", body: #"""
            {"kind": "company", "name": "ООО «Опт-Снаб»", "is_supplier": true, "inn": "5408117935", "kpp": "540801001",
             "bank": {"bic": "045004641", "account": "40702810044050000002", "name": "Сибирский банк ПАО Сбербанк"}}
            """#)
        guard case .number(let supplierID)? = supplier.jsonBody["id"] else { Issue.record("\(supplier.text)"); return }
        let payment = api.call(.post, "/api/v1/supplier-payments", as: "acc",
                               body: #"{"supplier_id": \#(supplierID), "amount": "250.00", "date": "2026-12-01", "note": "Аванс, НДС не облагается"}"#)
        guard case .number(let paymentID)? = payment.jsonBody["id"] else { Issue.record("\(payment.text)"); return }
        let file = api.call(.get, "/api/v1/bank/payment-orders?ids=\(paymentID)", as: "acc")
        #expect(file.status == 200, "\(file.text)")
        #expect(file.headers["Content-Type"] == "text/plain; charset=windows-1251")
        let text = CodePage.windows1251.decode(file.body) ?? ""
        #expect(text.hasPrefix("1CClientBankExchange\r\n") && text.contains("Сумма=250.00\r\n") && text.contains("ПолучательИНН=5408117935"))
        #expect(api.call(.get, "/api/v1/bank/payment-orders?ids=\(paymentID)", as: "kim").status == 403)
        for bad in ["ids=1,x", "from=2026-12-01", "", "ids=\(paymentID)&from=2026-12-01&to=2026-12-31"] {
            let refused = api.call(.get, "/api/v1/bank/payment-orders?\(bad)", as: "acc")
            #expect(refused.status == 422, "\(bad): \(refused.text)")
        }
        let audited = try api.connection.query("SELECT count(*) FROM audit_log WHERE action = 'payment_orders.export'").firstRow?
            .decode(0, as: Int64.self)
        #expect(audited == 1)
    }
}
