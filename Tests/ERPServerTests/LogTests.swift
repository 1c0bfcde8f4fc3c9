import ERPCore
import Foundation
import Testing

@Suite("Logger")
struct LogTests {
    private let fixed = Date(timeIntervalSince1970: 1_796_117_400.25)

    @Test func writesOneJSONObjectPerLineWithTimeLevelAndMessage() {
        let capture = LogCapture()
        let fixed = self.fixed
        let logger = Logger(level: .info, sink: capture.sink, now: { fixed })
        logger.info("request", ["request_id": .string("abc"), "status": .number(200), "level": .string("spoofed")])
        #expect(capture.lines == [
            #"{"level":"info","msg":"request","request_id":"abc","status":200,"time":"2026-12-01T09:30:00.250Z"}"# + "\n",
        ])
    }

    @Test func dropsLinesBelowTheLevel() {
        let capture = LogCapture()
        let logger = Logger(level: .warn, sink: capture.sink)
        logger.debug("d")
        logger.info("i")
        logger.warn("w")
        logger.error("e")
        #expect(capture.objects.map { $0["msg"] } == [.string("w"), .string("e")])
        #expect(!logger.isEnabled(.info) && logger.isEnabled(.error))
    }

    @Test func levelComesFromERPLog() {
        #expect(Logger(settings: ERPSettings(environment: ["ERP_LOG": "debug"], currentDirectory: "/")).level == .debug)
        #expect(Logger(settings: ERPSettings(environment: ["ERP_LOG": "WARNING"], currentDirectory: "/")).level == .warn)
        #expect(Logger(settings: ERPSettings(environment: ["ERP_LOG": "loud"], currentDirectory: "/")).level == .info)
        #expect(LogLevel.allCases.map(\.description) == ["debug", "info", "warn", "error"])
    }

    @Test func concurrentWritersNeverInterleaveWithinALine() {
        let capture = LogCapture()
        let logger = Logger(level: .info, sink: capture.sink)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<200 {
                logger.info("line", ["thread": .number(thread), "index": .number(index), "pad": .string(String(repeating: "x", count: 300))])
            }
        }
        let objects = capture.objects
        #expect(objects.count == 1600)
        #expect(objects.allSatisfy { $0["msg"] == .string("line") })
        #expect(capture.lines.allSatisfy { $0.hasSuffix("}\n") && $0.filter { $0 == "\n" }.count == 1 })
    }

    @Test func escapesControlCharactersSoEachEntryStaysOneLine() {
        let capture = LogCapture()
        Logger(sink: capture.sink).error("boom", ["error": .string("line one\nline \"two\"")])
        #expect(capture.lines.count == 1)
        #expect(capture.objects.first?["error"] == .string("line one\nline \"two\""))
    }

    @Test func builtLineEqualsTheSortedObjectLineWithEscapes() {
        let fixed = self.fixed
        let text = "tab\tquote\"back\\slash\u{01}\u{1F}\r\n é ✓ \u{7F}"
        let fields: [String: JSONValue] = [
            "a": .string(text), "level": .string("spoofed"), "m": .number(-42), "ms": .number("1.005"),
            "msg": .string("spoofed"), "n": .number(0), "time": .string("spoofed"), "z": .string(""),
        ]
        let fromDictionary = LogCapture()
        Logger(sink: fromDictionary.sink, now: { fixed }).warn("m\"sg", fields)
        let built = LogCapture()
        Logger(sink: built.sink, now: { fixed }).log(.warn, "m\"sg") { line in
            line.field("a", string: text)
            line.field("level", string: "spoofed")
            line.field("m", number: -42)
            line.field("ms", thousandths: 1005)
            line.field("msg", string: "spoofed")
            line.field("n", number: 0)
            line.field("time", string: "spoofed")
            line.field("z", string: "")
        }
        var expected = fields
        expected["level"] = .string("warn")
        expected["msg"] = .string("m\"sg")
        expected["time"] = .string(RFC3339.string(from: fixed, fractionDigits: 3))
        #expect(built.lines == [JSONValue.object(expected).description + "\n"])
        #expect(fromDictionary.lines == built.lines)
        #expect(built.lines.first?.contains(#"\u0001\u001f\r\n"#) == true)
    }

    @Test(arguments: [0.0, 951_782_400.999_9, 1_796_117_400.25, -1.5, -62_135_596_800.0, 253_402_300_799.999])
    func timeFieldIsRFC3339WithMilliseconds(seconds: Double) {
        let capture = LogCapture()
        let date = Date(timeIntervalSince1970: seconds)
        Logger(sink: capture.sink, now: { date }).info("t")
        #expect(capture.objects.first?["time"] == .string(RFC3339.string(from: date, fractionDigits: 3)))
    }
}
