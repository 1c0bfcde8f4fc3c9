import CEpoll
import Glibc

/// A pthread mutex with a condition variable. Used for the handler queue, the completion
/// list and shutdown waits; the loop and workers are plain threads, not Swift tasks.
final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        // Adaptive: spins briefly before sleeping; the loop and the workers hold it for
        // a few instructions at a time.
        cepoll_mutex_init_adaptive(mutex)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        // Timed waits measure the monotonic clock, immune to wall-clock jumps.
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        pthread_cond_init(cond, &attr)
        pthread_condattr_destroy(&attr)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }

    /// Waits for a signal; the caller holds the lock and re-checks its predicate.
    func wait() { pthread_cond_wait(cond, mutex) }

    /// Waits until signalled or the monotonic `deadline` (nanoseconds) passes.
    /// Returns false on timeout.
    @discardableResult
    func wait(untilNanos deadline: UInt64) -> Bool {
        var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        return pthread_cond_timedwait(cond, mutex, &ts) != ETIMEDOUT
    }

    func signal() { pthread_cond_signal(cond) }
    func broadcast() { pthread_cond_broadcast(cond) }
}

/// The monotonic clock in nanoseconds; deadlines are computed on it.
enum MonotonicClock {
    static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

extension Duration {
    /// Whole nanoseconds, clamped at zero.
    var nanoseconds: UInt64 {
        let (seconds, attos) = components
        if seconds < 0 { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(max(0, attos) / 1_000_000_000)
    }
}

/// A joinable pthread running a closure.
struct JoinableThread: @unchecked Sendable {
    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    let handle: pthread_t

    /// Starts a thread named `name` (at most 15 bytes are kept by Linux).
    static func start(name: String, _ body: @escaping @Sendable () -> Void) -> JoinableThread? {
        let threadName = String(name.prefix(15))
        let box = Unmanaged.passRetained(Box({
            cepoll_set_thread_name(threadName)
            body()
        })).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            return nil
        }
        return JoinableThread(handle: handle)
    }

    /// Waits for the thread to finish.
    func join() { pthread_join(handle, nil) }

    /// Lets the thread finish on its own (used for a handler still stuck after the grace period).
    func detach() { pthread_detach(handle) }
}
