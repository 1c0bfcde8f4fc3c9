import ERPCore
import Foundation
import Synchronization
import Testing

@testable import ERPServer

/// `erp serve`'s daily jobs: a failure is logged as an error, retried and counted on /metrics,
/// and never takes /ready down; the schedule wakes at a wall-clock time and stops at once.
@Suite("Daily schedule")
struct DailyScheduleTests {
    @Test func aFailingJobIsLoggedRetriedAndCountedWhileReadyStaysUp() throws {
        let log = LogCapture()
        let server = try makeServer(log: log)
        let backupAttempts = Atomic<Int>(0)
        let jobs = [
            ScheduledJob(name: "backup") {
                guard backupAttempts.add(1, ordering: .relaxed).newValue > 2 else { throw ScheduleTestError.diskFull }
                return 1234
            },
            ScheduledJob(name: "maintenance") { throw ScheduleTestError.diskFull },
        ]
        let schedule = DailySchedule(at: try #require(TimeOfDay("03:00")), jobs: jobs, metrics: server.jobMetrics,
                                     logger: Logger(level: .debug, sink: log.sink), retries: 3, retryDelay: 0)
        let before = Date()
        schedule.runAll()

        #expect(backupAttempts.load(ordering: .relaxed) == 3)
        let samples = try PrometheusText.parse(server.handle(request(.get, "/metrics")).text)
        #expect(samples[#"erp_job_failures_total{job="backup"}"#] == 2)
        #expect(samples[#"erp_job_last_success_bytes{job="backup"}"#] == 1234)
        #expect(try #require(samples[#"erp_job_last_success_timestamp_seconds{job="backup"}"#]) >= before.timeIntervalSince1970.rounded(.down))
        #expect(samples[#"erp_job_failures_total{job="maintenance"}"#] == 4)  // the first run and three retries
        #expect(samples[#"erp_job_last_success_timestamp_seconds{job="maintenance"}"#] == 0)
        #expect(samples[#"erp_job_last_success_bytes{job="maintenance"}"#] == nil)
        let failures = log.objects.filter { $0["msg"] == .string("scheduled job failed") }
        #expect(failures.count == 6 && failures.allSatisfy { $0["level"] == .string("error") })
        #expect(failures.first?["error"] == .string("diskFull"))
        #expect(server.handle(request(.get, "/ready")).status == 200)
    }

    @Test func beforeAnyRunMetricsReportEveryJobAsNeverDone() throws {
        let server = try makeServer(databaseURL: unreachableDatabaseURL)
        let samples = try PrometheusText.parse(server.handle(request(.get, "/metrics")).text)
        for job in ["backup", "maintenance"] {
            #expect(samples[#"erp_job_last_success_timestamp_seconds{job="\#(job)"}"#] == 0)
            #expect(samples[#"erp_job_failures_total{job="\#(job)"}"#] == 0)
        }
    }

    @Test func timeOfDayAcceptsOnlyHHMMAndFindsTheNextRunInTheCalendarsZone() throws {
        #expect(TimeOfDay("03:00") == TimeOfDay("03:00") && TimeOfDay("23:59")?.minute == 59)
        for bad in ["3:00", "24:00", "03:60", "03:00:00", "", "0a:00", "-1:00", "+1:00", "٠٣:٠٠"] { #expect(TimeOfDay(bad) == nil, "\(bad)") }
        var moscow = Calendar(identifier: .gregorian)
        moscow.timeZone = try #require(TimeZone(identifier: "Europe/Moscow"))
        let at = try #require(TimeOfDay("03:00"))
        let evening = Date(timeIntervalSince1970: 1_796_580_000)  // 2026-12-06 18:00 UTC, 21:00 in Moscow
        #expect(at.next(after: evening, in: moscow) == Date(timeIntervalSince1970: 1_796_601_600))  // 2026-12-07 00:00 UTC
        #expect(at.next(after: Date(timeIntervalSince1970: 1_796_601_600), in: moscow) == Date(timeIntervalSince1970: 1_796_688_000))
    }

    @Test func stopEndsAWaitingScheduleAtOnceWithoutRunningItsJobs() throws {
        let runs = Atomic<Int>(0)
        let job = ScheduledJob(name: "backup") {
            runs.add(1, ordering: .relaxed)
            return nil
        }
        let schedule = DailySchedule(at: try #require(TimeOfDay("03:00")), jobs: [job], metrics: JobMetrics(jobs: ["backup"]),
                                     logger: Logger(level: .error, sink: LogCapture().sink))
        let started = ContinuousClock.now
        schedule.start()
        schedule.stop()
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(runs.load(ordering: .relaxed) == 0)
    }
}

private enum ScheduleTestError: Error { case diskFull }
