// The message catalog: every text of the pages is a case here, written in Russian
// (`Message+Russian.swift`) and English (`Message+English.swift`). Both are exhaustive switches,
// so a new text cannot ship in one language only.

import ERPCore

/// A text of the pages, keyed in code.
package enum Message: Sendable, Equatable {
    // The frame.
    case menu, signOut, skipToContent, toStart
    case role(Role)
    // Sign-in.
    case signInTitle, signInAdvice, login, password, signIn, wrongLogin, tooManyAttempts
    // Refusals.
    case csrfTitle, csrfAdvice, forbiddenTitle, forbiddenAdvice, notFoundTitle, notFoundAdvice
    case unavailableTitle, unavailableAdvice, refusedTitle, refusedAdvice, formHasErrors
    case tooManyRequestsTitle, tooManyRequestsAdvice
    // Field errors.
    case required, mustBePositive, mustNotBeNegative, notANumber, tooLong, invalidValue, unknownCode
    case short(requested: String, available: String)
    // Success banners.
    case noticePosted, noticeCancelled, noticeSaved
    // The storekeeper's words (UI.md).
    case stock, stockCard, receipt, transfer, writeOff, stockCount, stockDocuments, toShip
    case warehouse, allWarehouses, product, sku, barcode, unit, onHand, reserved, available, averageCost, value
    case search, find, scanner, scannerHint, quantity, unitCost, supplier, supplierRef, note, reason, fromWarehouse
    case toWarehouse, post, cancel, print, lines, add, remove, total, nothingFound, nextPage, lowStock, minStock
    case number, date, status, type, moves, balance, document, emptyStock, emptyDocuments, newReceipt, newTransfer
    case newWriteOff, newCount, counted, book, difference, fill, save, countOpened, noLines, noLinesYet, none
    case postedBy, cancelledBanner, readOnly, open, searchHint
    case countryOfOrigin, customsDeclaration
    case order, client, address, ordered, shipped, toShipNow, pickingList, shipAll, shipTyped, nothingToShip, noticeShipped
    case orderStatus(String)
    case documentType(String), documentStatus(String), writeOffReason(String)
    // The manager's and the accountant's words (`SalesText`).
    case sales(SalesText)
    // The owner's words (`OwnerText`).
    case owner(OwnerText)
    // The accountant's bank words (`BankText`).
    case bank(BankText)
    // The purchaser's words (`PurchaseText`).
    case purchase(PurchaseText)
    // The administration's words (`AdminText`).
    case admin(AdminText)

    /// The success banner a redirect names (`?notice=posted`), or nil for an unknown one.
    static func notice(_ name: String) -> Message? {
        switch name {
        case "posted": .noticePosted
        case "cancelled": .noticeCancelled
        case "saved": .noticeSaved
        case "shipped": .noticeShipped
        default: SalesText.notice(name).map(Message.sales) ?? BankText.notice(name).map(Message.bank)
            ?? PurchaseText.notice(name).map(Message.purchase) ?? AdminText.notice(name).map(Message.admin)
        }
    }

    /// The text in `language`.
    package func text(in language: Language) -> String {
        switch language {
        case .ru: russian
        case .en: english
        }
    }
}
