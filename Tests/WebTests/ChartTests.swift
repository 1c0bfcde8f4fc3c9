import ERPCore
import Testing
@testable import Web

/// The server-drawn SVG charts: round exact ticks, Russian axis text, a title and a table.
@Suite("Charts")
struct ChartTests {
    private let months = Chart(title: "Выручка по месяцам", labels: ["окт", "ноя", "дек"],
                               series: [.init("Выручка", [123_456_789, 250_000_000, 0]), .init("Маржа", [23_456_700, -5_000_000, 0])],
                               links: ["/reports/revenue?month=10", "/reports/revenue?month=11", "/reports/revenue?month=12"])

    @Test(arguments: [(Int64(1), Int64(1)), (3, 5), (7, 10), (11, 20), (250_001, 500_000), (200, 200)])
    func stepsAreOneTwoOrFiveTimesAPowerOfTen(minimum: Int64, step: Int64) {
        #expect(ChartScale.roundStep(atLeast: minimum) == step)
    }

    @Test func ticksCoverTheValuesAndZeroInRoundSteps() {
        #expect(ChartScale(covering: [123_456_789, 250_000_000]).ticks == [0, 100_000_000, 200_000_000, 300_000_000])
        #expect(ChartScale(covering: [-5_000_000, 23_456_700]).ticks == [-10_000_000, 0, 10_000_000, 20_000_000, 30_000_000])
        #expect(ChartScale(covering: []).ticks == [0, 1])
    }

    @Test func axisTextIsShortExactAndRussian() {
        #expect(ChartScale.compact(150_000_000, scale: 2) == "1,5\u{00A0}млн")
        #expect(ChartScale.compact(25_000_000, scale: 2) == "250\u{00A0}тыс.")
        #expect(ChartScale.compact(90_000, scale: 2) == "900")
        #expect(ChartScale.compact(-2_000_000_000_00, scale: 2) == "-2\u{00A0}млрд")
        #expect(ChartScale.compact(50, scale: 2) == "0,5")
    }

    @Test func aBarChartHasItsTitleABarPerValueWithTheExactAmountAndLinks() {
        let svg = BarChart.svg(months, id: "revenue").markup
        #expect(svg.hasPrefix("<svg class=\"chart-svg\""))
        #expect(svg.contains("role=\"img\" aria-labelledby=\"revenue-title\""))
        #expect(svg.contains("<title id=\"revenue-title\">Выручка по месяцам</title>"))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 6)
        #expect(svg.contains("<title>окт · Выручка: 1\u{202F}234\u{202F}567,89\u{00A0}₽</title>"))
        #expect(svg.contains("<title>ноя · Маржа: -50\u{202F}000,00\u{00A0}₽</title>"))
        #expect(svg.contains("<a href=\"/reports/revenue?month=11\">"))
        #expect(svg.contains(">3\u{00A0}млн\u{00A0}₽</text>"))
        #expect(svg.contains(">-1\u{00A0}млн\u{00A0}₽</text>"))
    }

    @Test func aYearAfterAMonthLabelGoesOnASecondLine() {
        let chart = Chart(title: "t", labels: ["дек 2025", "янв 2026", "фев"], series: [.init("s", [1, 2, 3])])
        let svg = BarChart.svg(chart, id: "months").markup
        #expect(svg.contains(">дек<tspan x=\"") && svg.contains("dy=\"14\">2025</tspan></text>"))
        #expect(svg.contains(">фев</text>"))
        #expect(!svg.contains(">янв 2026<"))
    }

    @Test func aNegativeBarHangsBelowTheZeroLine() {
        let chart = Chart(title: "t", labels: ["a"], series: [.init("s", [-100])])
        let canvas = ChartCanvas(chart: chart, id: "x")
        let svg = BarChart.svg(chart, id: "x").markup
        // The zero line is the top tick; the bar starts there and reaches down to the bottom.
        #expect(canvas.scale.ticks == [-100, -50, 0])
        #expect(svg.contains("y=\"\(ChartScale.coordinate(canvas.top))\""))
        #expect(svg.contains("height=\"\(ChartScale.coordinate(canvas.bottom - canvas.top))\""))
    }

    @Test func aLineChartDrawsOnePolylinePerSeriesTheSecondDashed() {
        let svg = LineChart.svg(months, id: "line").markup
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.components(separatedBy: "stroke-dasharray").count - 1 == 1)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 6)
    }

    @Test func theFigureCarriesATableOfTheSameFiguresAndEscapesLabels() {
        let chart = Chart(title: "Склады", labels: ["<Главный>"], series: [.init("Стоимость", [100])])
        let figure = BarChart.render(chart, id: "w").markup
        #expect(figure.contains("<table class=\"chart-data\"><caption>Склады</caption>"))
        #expect(figure.contains("<tr><th scope=\"row\">&lt;Главный&gt;</th><td class=\"num\">1,00\u{00A0}₽</td></tr>"))
        #expect(!figure.contains("<Главный>"))
    }
}
