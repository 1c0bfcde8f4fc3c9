// Print forms: a closing document as one complete, self-contained HTML page for
// `GET /api/v1/documents/{id}/print` and `erp doc print`.
//
// The page needs nothing from outside: the CSS is inline, there are no links, scripts, web fonts
// or images, so it prints the same offline and leaks nothing when opened. A4 print CSS: the UPD
// is landscape like the official form, the rest portrait. Every user-supplied string reaches the
// page through `HTML` interpolation, hence `HTML.escape`.

import ERPCore

/// Renders closing documents as printable HTML pages laid out like the standard Russian forms.
package enum PrintForm {
    /// The paper orientation of a form's A4 page.
    package enum Orientation: String, Sendable {
        /// Upright: the invoice for payment, the act, the credit note.
        case portrait
        /// Sideways: the UPD, whose table has fifteen columns, and the УКД.
        case landscape
    }

    /// The complete page for `document`: `<!doctype html>`, UTF-8, A4 print CSS, the form.
    /// - Throws: `ValueError.outOfRange` when the document is not in roubles (the amount in words
    ///   is spelled only for RUB).
    package static func html(for document: ClosingDocument) throws(ValueError) -> String {
        let body: HTML
        switch document.type {
        case .invoice: body = try invoice(document)
        case .upd: body = try upd(document)
        case .act: body = try act(document)
        case .creditNote: body = try creditNote(document)
        case .correction: body = try correction(document)
        }
        return page(title: title(of: document), orientation: orientation(of: document.type), body: body).markup
    }

    /// Landscape for the UPD and the УКД, portrait for the other forms.
    package static func orientation(of type: DocumentType) -> Orientation {
        [.upd, .correction].contains(type) ? .landscape : .portrait
    }

    /// `"Счёт на оплату № INV-2026-000123 от 01.12.2026"`: the page title.
    package static func title(of document: ClosingDocument) -> String {
        "\(document.type.russianTitle) № \(document.number) от \(document.date.dotted)"
    }

    /// The page around a form's body: doctype, charset, title and the inline stylesheet.
    package static func page(title: String, orientation: Orientation, body: HTML) -> HTML {
        let size: HTML = orientation == .landscape ? "A4 landscape" : "A4 portrait"
        return """
            <!doctype html>
            <html lang="ru">
            <head>
            <meta charset="utf-8">
            <title>\(title)</title>
            <style>
            @page { size: \(size); margin: 10mm; }
            \(stylesheet)
            </style>
            </head>
            <body>
            \(body)
            </body>
            </html>

            """
    }

    /// The forms' shared rules; black on white, table borders of the official forms.
    private static let stylesheet: HTML = """
        * { box-sizing: border-box; }
        body { font-family: Arial, Helvetica, sans-serif; font-size: 8pt; color: #000; background: #fff; margin: 0; }
        p { margin: 1pt 0; }
        h1 { font-size: 14pt; margin: 10pt 0 6pt; padding-bottom: 3pt; border-bottom: 2px solid #000; }
        table { border-collapse: collapse; width: 100%; page-break-inside: auto; }
        tr { page-break-inside: avoid; }
        th, td { border: 1px solid #000; padding: 2pt 3pt; vertical-align: top; text-align: left; }
        th { font-weight: normal; text-align: center; vertical-align: middle; }
        thead { display: table-header-group; }
        .plain, .plain td, .plain th { border: none; }
        .num { text-align: right; white-space: nowrap; }
        .center { text-align: center; }
        .columns th { font-size: 7pt; }
        .hint { font-size: 7pt; color: #333; }
        .label { width: 1%; white-space: nowrap; font-weight: bold; }
        .totals { width: auto; margin: 4pt 0 0 auto; }
        .totals td { border: none; font-weight: bold; text-align: right; padding: 1pt 3pt; }
        .words { font-weight: bold; margin: 1pt 0 3pt; }
        .annulled { border: 2px solid #000; padding: 4pt; font-weight: bold; font-size: 11pt; }
        .signatures { margin-top: 3pt; }
        .signatures td { border: none; padding: 1pt 4pt 0; vertical-align: bottom; }
        .sign { display: inline-block; min-width: 35mm; border-bottom: 1px solid #000; }
        .upd-head td { border: none; padding: 0 3pt; }
        .upd-status { border: 1px solid #000 !important; width: 38mm; }
        .upd-line { border-bottom: 1px solid #000 !important; }
        .code { width: 1%; white-space: nowrap; font-size: 7pt; }
        @media print { .annulled { border-width: 3px; } }
        """
}
