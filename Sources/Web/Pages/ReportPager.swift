// A long report shown a page of rows at a time, so a year of revenue by product (thousands of rows)
// stays within the page weight budget (150 KB). Nothing is cut: the total row is over all rows and
// says so, the pager says which rows are shown of how many, and the CSV and JSON downloads hold
// every row.

import ERPCore

/// The slice of a report's rows one page shows (`?page=N`, from 1) and the links to the others.
struct ReportPager {
    /// Rows per page: about 40 KB of the widest table (revenue by product), so every report page
    /// stays well within the budget with its chart and filter bar, and a page is read without scrolling
    /// through a thousand rows.
    static let rows = 100

    /// All rows of the report.
    let count: Int
    /// The page shown, from 1, at most the last one.
    let page: Int

    /// `page` clamped to the pages `count` rows make (a page beyond the last shows the last).
    init(count: Int, page: Int?) {
        self.count = count
        self.page = min(max(page ?? 1, 1), max(1, (count + Self.rows - 1) / Self.rows))
    }

    /// Whether the report needs more than one page.
    var isPaged: Bool { count > Self.rows }

    /// The indices of the rows on this page.
    var range: Range<Int> { min(count, (page - 1) * Self.rows)..<min(count, page * Self.rows) }

    /// "Rows 101–200 of 1 234" with links to the pages before and after, each keeping `query`
    /// (the report's filter, without `page`); nothing when one page holds every row.
    func html(path: String, query: String, _ context: PageContext) -> HTML {
        guard isPaged else { return "" }
        let link = { (page: Int, text: OwnerText) -> HTML in "<a href=\"\(path)?\(query)&page=\(page)\">\(context.owner(text))</a>" }
        let earlier: HTML = page > 1 ? "← " + link(page - 1, .earlierRows) + " · " : ""
        let later: HTML = range.upperBound < count ? " · " + link(page + 1, .laterRows) + " →" : ""
        return "<p class=\"paging\">\(earlier)\(context.owner(.rowsShown(from: range.lowerBound + 1, to: range.upperBound, of: count)))\(later)</p>"
    }
}
