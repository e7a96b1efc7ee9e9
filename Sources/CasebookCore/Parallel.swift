import Dispatch
import Foundation
import Synchronization

/// Work spread over the machine's cores, with results in input order: a parallel run gives the same result as a
/// sequential one. `workers` 1 runs everything on the calling thread.
public enum Parallel {
    /// How many threads a build uses: `CASEBOOK_JOBS` when set (1 = sequential), else the active processor count.
    public static var defaultWorkers: Int {
        if let s = ProcessInfo.processInfo.environment["CASEBOOK_JOBS"], let n = Int(s), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `transform` applied to every element, in parallel; the results in the order of `items`. When several calls
    /// throw, the error of the first item (in input order) is thrown.
    public static func map<T: Sendable, R: Sendable, E: Error>(_ items: [T], workers: Int = defaultWorkers,
                                                               _ transform: @Sendable (T) throws(E) -> R) throws(E) -> [R] {
        if workers <= 1 || items.count <= 1 {
            var out: [R] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try transform(item)) }
            return out
        }
        let results = Mutex<[Int: Result<R, E>]>([:])
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(workers, items.count)) { worker in
            withLane(worker + 1) {
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard i < items.count else { return }
                    let r: Result<R, E>
                    do throws(E) { r = .success(try transform(items[i])) } catch { r = .failure(error) }
                    results.withLock { $0[i] = r }
                }
            }
        }
        let all = results.withLock { $0 }
        var out: [R] = []
        out.reserveCapacity(items.count)
        for i in 0..<items.count { out.append(try all[i]!.get()) }
        return out
    }

    /// `body` for every element, in parallel; when several throw, the first item's error (in input order) is thrown.
    public static func forEach<T: Sendable, E: Error>(_ items: [T], workers: Int = defaultWorkers,
                                                      _ body: @Sendable (T) throws(E) -> Void) throws(E) {
        _ = try map(items, workers: workers, body)
    }

    /// `body` for every element on `threads` threads made for it, each taking the next element when it is done with one;
    /// when several throw, the first item's error (in input order) is thrown. Unlike `forEach`, the threads are not
    /// libdispatch's: an apply started while another apply holds the pool's workers gets none of them and runs on the
    /// calling thread alone (the exports beside the search index ran one at a time that way).
    public static func forEach<T: Sendable, E: Error>(_ items: [T], threads: Int, _ body: @escaping @Sendable (T) throws(E) -> Void) throws(E) {
        let n = min(threads, items.count)
        guard n > 1 else {
            for item in items { try body(item) }
            return
        }
        let failures = Mutex<[Int: E]>([:])
        let next = Atomic<Int>(0)
        let done = DispatchSemaphore(value: 0)
        for worker in 0..<n {
            let thread = Thread {
                withLane(worker + 1) {
                    while true {
                        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard i < items.count else { break }
                        do throws(E) { try body(items[i]) } catch { failures.withLock { $0[i] = error } }
                    }
                }
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for _ in 0..<n { done.wait() }
        if let first = failures.withLock({ $0.min { $0.key < $1.key } }) { throw first.value }
    }

    /// Which worker of a parallel run the calling thread is: 1 for the first worker of a `map` or `forEach`, 2 for the
    /// second, and so on; 0 on a thread no parallel run made. Workers of two runs at once can share a number, and the
    /// calling thread of a run has none: a lane is a hint for keeping data a thread touches all the time (the
    /// templates) out of the other threads' way — every lane's copy must be the same, so that sharing one is only slower.
    /// Why it matters: Swift counts references with atomic writes, and objects whose counts two cores write at once
    /// (tokens of templates read by every page) make those writes several times slower.
    public static var lane: Int { Int(bitPattern: pthread_getspecific(laneKey)) }

    private static let laneKey: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-specific key left")
        return key
    }()

    static func withLane<R>(_ lane: Int, _ body: () throws -> R) rethrows -> R {
        let old = pthread_getspecific(laneKey)
        pthread_setspecific(laneKey, UnsafeRawPointer(bitPattern: lane))
        defer { pthread_setspecific(laneKey, old) }
        return try body()
    }

    /// `other` on a thread of its own while `body` runs on this one, and both results; with `workers` 1, `other` then
    /// `body` on this thread. `other` has ended when this returns, also when `body` throws.
    public static func beside<A: Sendable, B>(_ other: @escaping @Sendable () -> A, workers: Int = defaultWorkers,
                                              while body: () throws -> B) rethrows -> (A, B) {
        guard workers > 1 else {
            let a = other()
            return (a, try body())
        }
        let result = Mutex<A?>(nil)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let a = other()
            result.withLock { $0 = a }
        }
        let b: B
        do { b = try body() } catch {
            group.wait()
            throw error
        }
        group.wait()
        return (result.withLock { $0 }!, b)
    }
}
