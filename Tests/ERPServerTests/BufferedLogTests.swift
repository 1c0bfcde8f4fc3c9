import ERPCore
import Foundation
import Testing
@testable import ERPServer

/// The server's buffered log (`BufferedLogWriter`), written to a temporary file: lines arrive whole
/// and in order, on their own within the interval, at once when asked or when a warning is logged.
@Suite("Buffered log")
struct BufferedLogTests {
    /// A writer on a fresh temporary file, and what the file holds so far.
    private final class LogFile {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("erp-log-\(UUID().uuidString)").path
        let fd: Int32
        let writer: BufferedLogWriter

        init(interval: Duration) {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
            writer = BufferedLogWriter(fd: fd, interval: interval)
        }

        deinit {
            close(fd)
            unlink(path)
        }

        var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

        var logger: Logger {
            let writer = self.writer
            return Logger(level: .info, sink: LogSink({ writer.append($0) }, flush: { writer.flush() }))
        }
    }

    @Test func flushWritesEveryLineWholeAndInOrderFromManyThreads() {
        let file = LogFile(interval: .seconds(60))
        let logger = file.logger
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for index in 0..<2_000 { logger.info("request", ["thread": .number(thread), "index": .number(index)]) }
        }
        logger.flush()
        let objects = file.text.split(separator: "\n").map { line in
            (try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))) ?? .null
        }
        #expect(objects.count == 8_000)
        for thread in 0..<4 {
            let indexes = objects.filter { $0["thread"] == JSONValue.number(thread) }.compactMap { $0["index"] }
            #expect(indexes == (0..<2_000).map { JSONValue.number($0) })
        }
    }

    @Test func linesReachTheFileWithinTheIntervalWithoutAFlush() {
        let file = LogFile(interval: .milliseconds(20))
        file.logger.info("request", ["status": .number(200)])
        let deadline = Date().addingTimeInterval(5)
        while file.text.isEmpty, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(file.text.hasPrefix(#"{"level":"info","msg":"request","status":200,"time":"#) && file.text.hasSuffix("}\n"))
    }

    @Test func aWarningIsWrittenAtOnceWithWhatWasBufferedBeforeIt() {
        let file = LogFile(interval: .seconds(60))
        let logger = file.logger
        logger.info("first")
        #expect(file.text.isEmpty)
        logger.warn("database unavailable")
        #expect(file.text.split(separator: "\n").map { $0.contains("first") } == [true, false])
        #expect(file.text.contains("database unavailable"))
    }

    @Test func aFullBufferIsWrittenByTheThreadThatFilledIt() {
        let file = LogFile(interval: .seconds(60))
        let logger = file.logger
        let filler = String(repeating: "x", count: 1_000)
        var lines = 0
        while file.text.isEmpty && lines < 1_000 {
            logger.info("request", ["path": .string(filler)])
            lines += 1
        }
        #expect(lines < 1_000 && file.text.utf8.count >= BufferedLogWriter.flushThreshold)
        #expect(file.text.split(separator: "\n").count == lines)
    }
}

@Suite("Buffered access log")
struct BufferedAccessLogTests {
    @Test func aCleanStopWritesTheAccessLinesStillBuffered() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("erp-access-\(UUID().uuidString)").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd); unlink(path) }
        let writer = BufferedLogWriter(fd: fd, interval: .seconds(60))
        let server = try makeServer(databaseURL: unreachableDatabaseURL) { configuration in
            configuration.logger = Logger(level: .info, sink: LogSink({ writer.append($0) }, flush: { writer.flush() }))
        }
        #expect(server.handle(request(.get, "/health")).status == 200)
        #expect(try String(contentsOfFile: path, encoding: .utf8).isEmpty)
        server.shutdown()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains(#""route":"/health""#) && lines[0].contains(#""status":200"#))
    }
}
