// `erp serve`'s daily jobs (the backup, then maintenance) at a wall-clock time of the server's
// time zone. A failed run is logged as an error, counted for /metrics and retried a few times;
// it never touches /ready — the API stays up whatever the backup disk does.

import ERPCore
import Foundation
import Synchronization

/// A time of day, `HH:MM` (`ERP_BACKUP_AT`).
package struct TimeOfDay: Sendable, Equatable {
    package let hour: Int
    package let minute: Int

    /// Parses `03:00`; nil for anything else.
    package init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// The first moment after `date` at this time of day in `calendar`'s time zone.
    package func next(after date: Date, in calendar: Calendar) -> Date {
        calendar.nextDate(after: date, matching: DateComponents(hour: hour, minute: minute, second: 0),
                          matchingPolicy: .nextTime) ?? date.addingTimeInterval(86_400)
    }
}

/// One job of the schedule: its name (in logs and metrics) and what it does; `run` returns the
/// size in bytes of what it wrote, when it writes a file.
package struct ScheduledJob: Sendable {
    package let name: String
    package let run: @Sendable () throws -> Int?

    package init(name: String, run: @escaping @Sendable () throws -> Int?) {
        self.name = name
        self.run = run
    }
}

/// Runs its jobs in order once a day on a thread of its own until stopped.
package final class DailySchedule: Sendable {
    private let at: TimeOfDay
    private let jobs: [ScheduledJob]
    private let metrics: JobMetrics
    private let logger: Logger
    private let retries: Int
    private let retryDelay: TimeInterval
    private let calendar: Calendar
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// - Parameters:
    ///   - retries: further attempts of a failed job, `retryDelay` seconds apart.
    package init(at: TimeOfDay, jobs: [ScheduledJob], metrics: JobMetrics, logger: Logger, retries: Int = 3,
                 retryDelay: TimeInterval = 900, calendar: Calendar = .current) {
        self.at = at
        self.jobs = jobs
        self.metrics = metrics
        self.logger = logger
        self.retries = retries
        self.retryDelay = retryDelay
        self.calendar = calendar
    }

    /// Starts the thread; the first run is at the next `at`.
    package func start() {
        let thread = Thread { [self] in
            while !stopped.load(ordering: .acquiring) {
                let next = at.next(after: Date(), in: calendar)
                logger.info("next scheduled jobs", ["at": .string(RFC3339.string(from: next))])
                guard !pause(until: next) else { break }
                runAll()
            }
            finished.signal()
        }
        thread.name = "erp daily jobs"
        thread.start()
    }

    /// Stops the thread, waiting for a job that is running to finish.
    package func stop() {
        stopped.store(true, ordering: .releasing)
        wake.signal()
        finished.wait()
    }

    /// Runs every job now, each retried after a failure (as at the scheduled time).
    package func runAll() {
        for job in jobs {
            for attempt in 0...retries {
                if attempt > 0, pause(until: Date().addingTimeInterval(retryDelay)) { return }
                let started = Date()
                do {
                    let bytes = try job.run()
                    metrics.succeeded(job.name, at: Date(), bytes: bytes)
                    logger.info("scheduled job done", ["job": .string(job.name),
                                                       "seconds": .number(String(Int(Date().timeIntervalSince(started))))])
                    break
                } catch {
                    metrics.failed(job.name)
                    logger.error("scheduled job failed", ["job": .string(job.name), "attempt": .number(String(attempt + 1)),
                                                          "error": .string(String(describing: error))])
                }
            }
        }
    }

    /// Sleeps until `date`; true when woken by `stop`.
    private func pause(until date: Date) -> Bool {
        _ = wake.wait(timeout: .now() + max(0, date.timeIntervalSinceNow))
        return stopped.load(ordering: .acquiring)
    }
}

/// The daily jobs' outcomes for `/metrics`: the last success (time, size) and failures, by job.
package final class JobMetrics: Sendable {
    private struct State {
        var lastSuccess: [String: Date] = [:]
        var lastBytes: [String: Int] = [:]
        var failures: [String: Int] = [:]
    }

    private let state = Mutex(State())
    /// The jobs reported even before their first run (so an alert sees 0, not nothing).
    private let names: [String]

    package init(jobs names: [String]) { self.names = names }

    package func succeeded(_ job: String, at date: Date, bytes: Int?) {
        state.withLock { state in
            state.lastSuccess[job] = date
            state.lastBytes[job] = bytes
        }
    }

    package func failed(_ job: String) { state.withLock { $0.failures[job, default: 0] += 1 } }

    /// The exposition lines (Prometheus text format 0.0.4).
    package func render() -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP erp_job_last_success_timestamp_seconds When a daily job (backup, maintenance) last succeeded; 0: never.\n"
        out += "# TYPE erp_job_last_success_timestamp_seconds gauge\n"
        for name in names {
            out += "erp_job_last_success_timestamp_seconds{job=\"\(name)\"} \(Int(snapshot.lastSuccess[name]?.timeIntervalSince1970 ?? 0))\n"
        }
        out += "# HELP erp_job_last_success_bytes The size of the file the job's last success wrote (the backup).\n"
        out += "# TYPE erp_job_last_success_bytes gauge\n"
        for name in names where snapshot.lastBytes[name] != nil {
            out += "erp_job_last_success_bytes{job=\"\(name)\"} \(snapshot.lastBytes[name] ?? 0)\n"
        }
        out += "# HELP erp_job_failures_total Failed runs of a daily job (each retry counts).\n"
        out += "# TYPE erp_job_failures_total counter\n"
        for name in names { out += "erp_job_failures_total{job=\"\(name)\"} \(snapshot.failures[name] ?? 0)\n" }
        return out
    }
}
