// The administration pages' words (users, API tokens, company requisites, warehouses), kept apart
// from the foundation's catalog so each group of pages owns its texts. `Message.admin(_:)` carries
// them; both languages are exhaustive switches. The requisite messages also serve every form that
// checks an INN, KPP, OGRN or bank account (`FieldMessages`).

import ERPCore

/// A text of the administration pages; `Message.admin(_:)` puts it into the catalog.
package enum AdminText: Sendable, Equatable {
    // Menu and headings.
    case administration, users, apiTokens, companyRequisites, warehouses
    // Users.
    case newUser, addUser, displayName, role, scope, scopeHint, allClients, password, passwordHint, active, blocked
    case block, unblock, resetPassword, newPassword, setPassword, editUser, yourself, lastOwner, emptyUsers, loginTaken
    // Tokens.
    case issueToken, tokenUser, prefix, issuedAt, expires, lastUsed, revoked, revoke, never, tokenShownOnce, tokenIssued
    case emptyTokens, expiry, days(Int)
    // Company settings.
    case kind, company, person, name, inn, kpp, ogrn, address, director, chiefAccountant, phone, email, bank, bic
    case account, bankName, corrAccount, taxes, vatPayer, pricesIncludeVAT, timeZone, changedMeanwhile
    // Warehouses.
    case code, codeTaken, codeFormat, nameLength, newWarehouse, addWarehouse, editWarehouse, warehouseOpen, closed, emptyWarehouses
    // Requisite checks (any form).
    case wrongCheckDigit, wrongControlKey, digits(Int), kppFormat, bicFormat, notAnEmail
    // Success banners.
    case noticeUserAdded, noticeUserChanged, noticeBlocked, noticeUnblocked, noticePasswordSet, noticeRevoked
    case noticeWarehouseAdded

    /// The success banner a redirect of these pages names (`?notice=user_added`), or nil.
    static func notice(_ name: String) -> AdminText? {
        switch name {
        case "user_added": .noticeUserAdded
        case "user_changed": .noticeUserChanged
        case "blocked": .noticeBlocked
        case "unblocked": .noticeUnblocked
        case "password_set": .noticePasswordSet
        case "revoked": .noticeRevoked
        case "warehouse_added": .noticeWarehouseAdded
        default: nil
        }
    }
}

extension PageContext {
    /// An administration text in the request's language.
    func admin(_ text: AdminText) -> String { self.text(.admin(text)) }

    /// The links between the administration pages, above each of their lists.
    var adminNav: HTML {
        let links: [(String, AdminText)] = [("/admin/users", .users), ("/admin/tokens", .apiTokens),
                                            ("/admin/company", .companyRequisites), ("/admin/warehouses", .warehouses)]
        let items = links.map { path, text -> HTML in
            let here: HTML = request.request.path == path ? " aria-current=\"page\"" : ""
            return "<a href=\"\(path)\"\(here)>\(admin(text))</a>"
        }
        return "<nav class=\"admin-nav\" aria-label=\"\(admin(.administration))\">\(admin(.administration)): \(HTML.joined(items, separator: " · "))</nav>"
    }
}
