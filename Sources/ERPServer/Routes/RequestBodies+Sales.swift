// The request bodies of the order, billing, CRM and access routes (see RequestBodies.swift).

import Billing
import CRM
import ERPCore
import Sales

extension BodySchema {
    // MARK: Orders

    private static let orderLines = array(object(
        ["product_id": id, "qty": decimal, "price": decimal, "discount_pct": decimal], required: ["product_id", "qty"]),
        maxItems: 10_000)
    private static let orderQuantities = array(object(["product_id": id, "qty": decimal], required: ["product_id", "qty"]),
                                               maxItems: 10_000)
    /// Orders name the client by INN (+ KPP), the warehouse by code, products by SKU or barcode.
    private static let orderKeys = NaturalKeys(parties: ["client"], warehouses: ["warehouse"], lines: ["lines"])
    /// `POST /api/v1/orders`.
    static let newOrder = BodySchema("NewOrder", object(
        ["client_id": id, "warehouse_id": id, "manager_id": id, "comment": text(2000), "lines": nonEmpty(orderLines)],
        required: ["client_id", "warehouse_id", "lines"]), keys: orderKeys)
    /// `PATCH /api/v1/orders/{id}`.
    static let orderChanges = BodySchema("OrderChanges", object(
        ["version": version, "client_id": id, "warehouse_id": id, "comment": text(2000), "lines": orderLines],
        required: ["version"]), keys: orderKeys)
    /// `POST /api/v1/orders/{id}/ship` (no body ships everything reserved).
    static let shipRequest = BodySchema("ShipRequest", object(["lines": orderQuantities]), isRequired: false,
                                         keys: NaturalKeys(lines: ["lines"]))
    /// `POST /api/v1/orders/{id}/returns`.
    static let returnRequest = BodySchema("ReturnRequest", object(
        ["reason": enumeration(ReturnReason.self), "note": text(2000), "lines": orderQuantities], required: ["reason", "lines"]),
        keys: NaturalKeys(lines: ["lines"]))
    /// `POST /api/v1/deals/{id}/order`.
    static let dealOrderRequest = BodySchema("DealOrderRequest", object(
        ["warehouse_id": id, "lines": nonEmpty(orderLines)], required: ["warehouse_id", "lines"]),
        keys: NaturalKeys(warehouses: ["warehouse"], lines: ["lines"]))

    // MARK: Billing

    /// `PUT /api/v1/settings/company`.
    static let companySettings = BodySchema("CompanySettingsUpdate", object([
        "kind": enumeration(PartyKind.self), "name": line(300), "inn": line(12), "kpp": line(9), "ogrn": line(15),
        "address": text(1000), "bank": bank, "director": line(200), "chief_accountant": line(200), "phone": line(64),
        "email": line(254), "vat_payer": boolean, "prices_include_vat": boolean, "time_zone": line(64), "version": version,
    ], required: ["kind", "name", "vat_payer", "prices_include_vat", "version"]))
    /// `POST /api/v1/orders/{id}/documents`.
    static let issueRequest = BodySchema("IssueRequest", object(
        ["type": enumeration(DocumentType.self), "shipment_id": id, "return_id": id, "date": date], required: ["type"]))
    /// `POST /api/v1/documents/{id}/corrections`.
    static let correctionRequest = BodySchema("CorrectionRequest", object([
        "date": date,
        "lines": nonEmpty(array(object(["position": integer(1...1_000_000), "qty": decimal, "price": decimal], required: ["position"]),
                                maxItems: 10_000)),
    ], required: ["lines"]))
    /// `POST /api/v1/payments/{id}/advance-invoice`.
    static let advanceInvoiceRequest = BodySchema("AdvanceInvoiceRequest", object(["date": date]))
    /// `POST /api/v1/documents/{id}/annul`, `POST /api/v1/payments/{id}/reverse`.
    static let reasonRequest = BodySchema("ReasonRequest", object(["reason": nonEmpty(line(500))], required: ["reason"]))
    /// `POST /api/v1/payments`.
    static let newPayment = BodySchema("NewPayment", object([
        "client_id": id, "amount": decimal, "date": date, "bank_ref": line(100), "note": text(2000),
        "allocations": array(object(["document_id": id, "amount": decimal], required: ["document_id", "amount"]), maxItems: 1_000),
    ], required: ["client_id", "amount", "date"]), keys: NaturalKeys(parties: ["client"]))

    // MARK: CRM

    /// `POST /api/v1/activities`.
    static let newActivity = BodySchema("NewActivity", object([
        "type": enumeration(ActivityType.self), "party_id": id, "order_id": id, "deal_id": id, "at": timestamp,
        "text": nonEmpty(text(5000)), "outcome": line(500),
    ], required: ["type", "party_id", "text"]))
    /// `POST /api/v1/tasks`.
    static let newTask = BodySchema("NewTask", object([
        "title": nonEmpty(line(300)), "party_id": id, "order_id": id, "deal_id": id, "assignee_id": id, "due_at": timestamp,
        "remind_at": timestamp, "priority": enumeration(TaskPriority.self),
    ], required: ["title", "due_at"]))
    /// `PATCH /api/v1/tasks/{id}`.
    static let taskChanges = BodySchema("TaskChanges", object([
        "version": version, "title": nonEmpty(line(300)), "due_at": timestamp, "remind_at": timestamp,
        "priority": enumeration(TaskPriority.self), "status": enumeration(TaskStatus.self), "assignee_id": id,
    ], required: ["version"]))
    /// `POST /api/v1/deals`.
    static let newDeal = BodySchema("NewDeal", object([
        "party_id": id, "title": nonEmpty(line(300)), "amount": decimal, "stage": enumeration(DealStage.self),
        "expected_close": date, "owner_id": id,
    ], required: ["party_id", "title"]))
    /// `PATCH /api/v1/deals/{id}`.
    static let dealChanges = BodySchema("DealChanges", object([
        "version": version, "title": nonEmpty(line(300)), "amount": decimal,
        "stage": enumeration(DealStage.self), "lost_reason": line(500), "expected_close": date,
    ], required: ["version"]))

    // MARK: Access

    /// `POST /api/v1/auth/login`.
    static let loginRequest = BodySchema("LoginRequest", object(
        ["login": nonEmpty(line(64)), "password": nonEmpty(line(200))], required: ["login", "password"]))
    /// `POST /api/v1/users`.
    static let newUser = BodySchema("NewUser", object([
        "login": nonEmpty(line(64)), "name": line(200), "role": enumeration(Role.self), "all_clients": boolean,
        "warehouse_scope": array(id, maxItems: 1_000), "password": line(200),
    ], required: ["login", "role"]))
    /// `POST /api/v1/users/{id}/tokens` (optional body).
    static let tokenRequest = BodySchema("TokenRequest", object([
        "expires_at": timestamp, "expires_in_days": integer(1...36_500), "expires": words(["never"]),
    ]), isRequired: false)
}
