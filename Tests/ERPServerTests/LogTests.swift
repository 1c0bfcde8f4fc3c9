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
}
