import Testing
@testable import Web

/// A long report's pages of rows: every row on exactly one page, a page beyond the last shows the
/// last, a short report is not paged.
@Suite("Report pager")
struct ReportPagerTests {
    @Test func everyRowIsOnExactlyOnePageInOrder() {
        let count = ReportPager.rows * 2 + 7
        let pages = (1...3).map { ReportPager(count: count, page: $0).range }
        #expect(pages.flatMap { Array($0) } == Array(0..<count))
        #expect(pages[2].count == 7)
        #expect(ReportPager(count: count, page: nil).isPaged)
    }

    @Test(arguments: [(0, 9, 1), (-3, 250, 1), (4, 250, 3), (1_000_000, 250, 3), (2, 100, 1), (1, 0, 1)])
    func aPageOutsideTheReportShowsTheNearestOne(asked: Int, count: Int, shown: Int) {
        #expect(ReportPager(count: count, page: asked).page == shown)
    }

    @Test func aReportOfOnePageIsNotPagedAndShowsEveryRow() {
        let pager = ReportPager(count: ReportPager.rows, page: 2)
        #expect(!pager.isPaged && pager.range == 0..<ReportPager.rows)
    }
}
