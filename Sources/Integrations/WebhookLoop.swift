// `erp serve`'s webhook thread: a deliverer pass every second on a connection of its own. Everything
// it knows is in the database, so it keeps no state across passes, and several servers on one
// database may all run it (a subscription moved by one is skipped by the other's pass).

import ERPCore
import Foundation
import Postgres
import Synchronization

/// Runs `WebhookDeliverer` passes on a thread until stopped.
package final class WebhookLoop: Sendable {
    private let deliverer: WebhookDeliverer
    private let databaseURL: String
    private let logger: Logger
    private let interval: TimeInterval
    private let stopped = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    package init(deliverer: WebhookDeliverer, databaseURL: String, logger: Logger, interval: TimeInterval = 1) {
        (self.deliverer, self.databaseURL, self.logger, self.interval) = (deliverer, databaseURL, logger, interval)
    }

    /// Starts the thread.
    package func start() {
        let thread = Thread { [self] in
            var connection: Connection?
            while !stopped.load(ordering: .acquiring) {
                do {
                    let open = try connection ?? Connection(url: databaseURL, settings: ConnectionSettings(applicationName: "erp webhooks"))
                    connection = open
                    let delivered = try deliverer.deliverDue(on: open)
                    if delivered > 0 { logger.info("webhooks delivered", ["events": .number(delivered)]) }
                } catch {
                    logger.error("webhook pass failed", ["error": .string(String(describing: error))])
                    connection?.close()
                    connection = nil
                }
                _ = wake.wait(timeout: .now() + interval)
            }
            connection?.close()
            finished.signal()
        }
        thread.name = "erp webhooks"
        thread.start()
    }

    /// Stops the thread after the pass that is running.
    package func stop() {
        stopped.store(true, ordering: .releasing)
        wake.signal()
        finished.wait()
    }
}
