// Overlapping the two halves of a batched write: Swift turning a batch into statement text (array
// binds, audit JSON) and the database executing the previous batch. For 100,000 products each half
// takes seconds, and done one after the other the import waited on itself. Only the calling thread
// ever touches the connection (a libpq connection serves one thread at a time); the background
// thread computes values.

import Dispatch
import Synchronization

/// Runs `prepare` for batches 0..<count on a background thread, ahead of `consume`, which gets
/// them in order on the calling thread. When `consume` throws, preparation stops at the next batch.
/// - Throws: what `consume` throws.
func pipelined<Prepared: Sendable>(
    _ count: Int, prepare: @escaping @Sendable (Int) -> Prepared, consume: (Prepared) throws -> Void
) throws {
    guard count > 0 else { return }
    let queue = PreparedQueue<Prepared>()
    DispatchQueue.global(qos: .userInitiated).async {
        for index in 0..<count {
            guard !queue.isCancelled else { return }
            queue.put(prepare(index))
        }
    }
    defer { queue.cancel() }
    for _ in 0..<count {
        try consume(queue.take())
    }
}

/// Batches prepared and not yet taken, in order, with the signal that one is ready.
private final class PreparedQueue<Prepared: Sendable>: Sendable {
    private let items = Mutex<[Prepared]>([])
    private let cancelled = Atomic<Bool>(false)
    private let ready = DispatchSemaphore(value: 0)

    /// Whether the consumer has stopped.
    var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Adds the next batch and signals it.
    func put(_ item: Prepared) {
        items.withLock { $0.append(item) }
        ready.signal()
    }

    /// Waits for the next batch and removes it.
    func take() -> Prepared {
        ready.wait()
        // One signal per item put: after a wait there is always an item to take.
        return items.withLock { $0.removeFirst() }
    }

    /// Tells the producer to stop.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }
}
