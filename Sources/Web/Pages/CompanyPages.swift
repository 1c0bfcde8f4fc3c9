// The owner's company settings: the requisites every closing document prints (checked by the
// service as typed — a wrong INN check digit is shown at the INN), the bank, the VAT position and the
// time zone, chosen from PostgreSQL's zone list, the list the service validates against. Saved at
// the version the owner saw, so two owners editing at once do not overwrite each other silently.

import ERPCore
import ERPServer
import HTTP1

/// `/admin/company`.
struct CompanyPages: PageGroup {
    let time: TimeSource

    var menu: [MenuEntry] {
        [MenuEntry("/admin/company", .admin(.companyRequisites), permission: .manageCompany, order: 920)]
    }

    var pages: [Page] {
        [
            Page(.get, "/admin/company", access: .permission(.manageCompany)) { context in try form(context) },
            Page(.post, "/admin/company", access: .permission(.manageCompany)) { context in try save(context) },
        ]
    }

    /// Form field → the service's field path, for the plain text fields.
    private static let textFields: [(name: String, label: AdminText, path: String, extra: HTML)] = [
        ("name", .name, "name", " required"), ("inn", .inn, "inn", " inputmode=\"numeric\" maxlength=\"12\""),
        ("kpp", .kpp, "kpp", " maxlength=\"9\""), ("ogrn", .ogrn, "ogrn", " inputmode=\"numeric\" maxlength=\"15\""),
        ("address", .address, "address", ""), ("director", .director, "director", ""),
        ("chief_accountant", .chiefAccountant, "chief_accountant", ""), ("phone", .phone, "phone", " type=\"tel\""),
        ("email", .email, "email", " type=\"email\""),
    ]
    private static let bankFields: [(name: String, label: AdminText, path: String, extra: HTML)] = [
        ("bic", .bic, "bank.bic", " inputmode=\"numeric\" maxlength=\"9\""), ("account", .account, "bank.account", " inputmode=\"numeric\" maxlength=\"20\""),
        ("bank_name", .bankName, "bank.name", ""), ("corr_account", .corrAccount, "bank.corr_account", " inputmode=\"numeric\" maxlength=\"20\""),
    ]

    private func form(_ context: PageContext, errors: FormErrors = FormErrors(), status: Int = 200) throws -> HTTPResponse {
        let principal = try context.principal()
        let (stored, zones) = try context.withConnection { connection in
            (try CompanySettings.get(by: principal, on: connection), try CompanyCalendar.timeZones(on: connection))
        }
        // After a refusal the form shows what was typed (nothing was saved); otherwise the stored values.
        let shown = context.form["version"] == nil ? stored : settings(from: context.form)
        let values: [String: String?] = [
            "name": shown.name, "inn": shown.inn, "kpp": shown.kpp, "ogrn": shown.ogrn, "address": shown.address,
            "director": shown.director, "chief_accountant": shown.chiefAccountant, "phone": shown.phone, "email": shown.email,
            "bic": shown.bank?.bic, "account": shown.bank?.account, "bank_name": shown.bank?.name, "corr_account": shown.bank?.corrAccount,
        ]
        func inputs(_ fields: [(name: String, label: AdminText, path: String, extra: HTML)]) -> HTML {
            HTML.joined(fields.map { field in
                """
                <div><label for="\(field.name)">\(context.admin(field.label))</label>
                <input id="\(field.name)" name="\(field.name)" value="\((values[field.name] ?? nil) ?? "")"\(field.extra)\(RequisiteCheck.attributes(field.name, context: context))\(errors.attributes(for: field.name))>
                \(errors.message(for: field.name))</div>
                """
            })
        }
        func box(_ name: String, _ label: AdminText, _ on: Bool) -> HTML {
            let mark: HTML = on ? " checked" : ""
            return "<label class=\"check\"><input type=\"checkbox\" name=\"\(name)\" value=\"1\"\(mark)> \(context.admin(label))</label>"
        }
        let kinds = [(PartyKind.company.rawValue, context.admin(.company)), (PartyKind.person.rawValue, context.admin(.person))]
        let zoneOptions = (zones.contains(shown.timeZone) ? zones : [shown.timeZone] + zones).map { ($0, $0) }
        let body: HTML = """
            \(context.adminNav)<h1>\(context.admin(.companyRequisites))</h1>\(SalesFormat.general(errors))
            <form method="post" action="/admin/company" class="card-form" id="company">\(context.csrfField)
            <input type="hidden" name="version" value="\(String(stored.version))">
            <label for="kind">\(context.admin(.kind))</label><select id="kind" name="kind">\(SalesFormat.options(kinds, selected: shown.kind.rawValue))</select>
            <div class="fields">\(inputs(Self.textFields))</div>
            <h2>\(context.admin(.bank))</h2><div class="fields">\(inputs(Self.bankFields))</div>
            <h2>\(context.admin(.taxes))</h2>
            \(box("vat_payer", .vatPayer, shown.vatPayer))\(box("prices_include_vat", .pricesIncludeVAT, shown.pricesIncludeVAT))
            <label for="time_zone">\(context.admin(.timeZone))</label>
            <select id="time_zone" name="time_zone"\(errors.attributes(for: "time_zone"))>\(SalesFormat.options(zoneOptions, selected: shown.timeZone))</select>
            \(errors.message(for: "time_zone"))
            <div class="actions"><button type="submit" class="primary">\(context.text(.save))</button></div></form>
            """
        return context.render(title: context.admin(.companyRequisites), body, status: status)
    }

    /// The settings as the form typed them, at the version the form was shown with.
    private func settings(from form: FormFields) -> CompanySettings {
        let bank = BankDetails(bic: form["bic"], account: form["account"], name: form["bank_name"], corrAccount: form["corr_account"])
        return CompanySettings(
            kind: form["kind"].flatMap(PartyKind.init) ?? .company, name: form["name"] ?? "", inn: form["inn"], kpp: form["kpp"],
            ogrn: form["ogrn"], address: form["address"], bank: bank.isEmpty ? nil : bank, director: form["director"],
            chiefAccountant: form["chief_accountant"], phone: form["phone"], email: form["email"], vatPayer: form["vat_payer"] != nil,
            pricesIncludeVAT: form["prices_include_vat"] != nil, timeZone: form["time_zone"] ?? CompanyCalendar.defaultTimeZone,
            version: form["version"].flatMap(Int64.init) ?? -1)
    }

    private func save(_ context: PageContext) throws -> HTTPResponse {
        let principal = try context.principal()
        let settings = settings(from: context.form)
        do {
            _ = try context.withConnection { try CompanySettings.save(settings, by: principal, on: $0) }
            return context.redirect(to: SalesFormat.banner("/admin/company", notice: "saved", number: ""))
        } catch {
            if case .versionConflict = error {
                var errors = FormErrors()
                errors.general = context.admin(.changedMeanwhile)
                return try form(context, errors: errors, status: error.httpStatus)
            }
            let paths = Dictionary(uniqueKeysWithValues: (Self.textFields + Self.bankFields).map { ($0.path, $0.name) } + [("time_zone", "time_zone")])
            return try form(context, errors: context.formErrors(for: error) { paths[$0] }, status: error.httpStatus)
        }
    }
}
