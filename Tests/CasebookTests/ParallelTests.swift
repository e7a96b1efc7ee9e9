import CasebookCore
import Foundation
import Synchronization
import XCTest

/// `Parallel.beside`: two pieces of work at once (one on a thread of its own), or one after the other with one worker.
final class ParallelTests: XCTestCase {
    struct Stop: Error {}

    func testBesideRunsBothAtOnceAndReturnsBoth() {
        let otherStarted = DispatchSemaphore(value: 0)
        let (a, b) = Parallel.beside({ () -> Int in
            otherStarted.signal()
            return 6 * 7
        }, workers: 2, while: { () -> String in
            // The other piece starts while this one waits for it: they run at the same time.
            XCTAssertEqual(otherStarted.wait(timeout: .now() + 10), .success, "the other piece runs beside this one")
            return "body"
        })
        XCTAssertEqual(a, 42)
        XCTAssertEqual(b, "body")
    }

    func testOneWorkerRunsTheOtherFirstOnThisThread() {
        let order = Mutex<[String]>([])
        let caller = pthread_self()
        let (a, b) = Parallel.beside({ () -> Bool in
            order.withLock { $0.append("other") }
            return pthread_equal(pthread_self(), caller) != 0
        }, workers: 1, while: { () -> Bool in
            order.withLock { $0.append("body") }
            return pthread_equal(pthread_self(), caller) != 0
        })
        XCTAssertEqual(order.withLock { $0 }, ["other", "body"])
        XCTAssertTrue(a && b, "both on the calling thread")
    }

    func testTheOtherHasEndedWhenTheBodyThrows() {
        let ended = Mutex(false)
        XCTAssertThrowsError(try Parallel.beside({
            Thread.sleep(forTimeInterval: 0.2)
            ended.withLock { $0 = true }
        }, workers: 2, while: { () throws -> Int in throw Stop() }))
        XCTAssertTrue(ended.withLock { $0 }, "the other piece finished before the error came back")
    }

    /// `forEach(_:threads:)`: every item once, on threads of its own, so that two items run at once even when
    /// libdispatch's workers are all busy (here: held by an apply that waits for the items).
    func testForEachOnThreadsRunsItemsAtOnceWhileTheWorkersAreBusy() {
        let seen = Mutex<[Int]>([])
        let meetings = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: ProcessInfo.processInfo.activeProcessorCount) { i in
            guard i == 0 else { return Thread.sleep(forTimeInterval: 0.3) }
            let arrived = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
            Parallel.forEach(Array(0..<40), threads: 2) { n in
                seen.withLock { $0.append(n) }
                // The first two items wait for each other: they meet only if they run at the same time.
                if n < 2 {
                    arrived[n].signal()
                    if arrived[1 - n].wait(timeout: .now() + 3) == .success { meetings.withLock { $0 += 1 } }
                }
            }
        }
        XCTAssertEqual(seen.withLock { $0.sorted() }, Array(0..<40))
        XCTAssertEqual(meetings.withLock { $0 }, 2, "the first two items ran at the same time")
    }

    /// When several items throw, the error of the first in input order comes back, after every item ran.
    func testForEachOnThreadsThrowsTheFirstItemsError() {
        struct Failed: Error { var n: Int }
        let ran = Mutex(0)
        XCTAssertThrowsError(try Parallel.forEach(Array(0..<50), threads: 3) { (n: Int) throws(Failed) in
            ran.withLock { $0 += 1 }
            if n % 10 == 7 { throw Failed(n: n) }
        }) { error in XCTAssertEqual((error as? Failed)?.n, 7) }
        XCTAssertEqual(ran.withLock { $0 }, 50)
    }

    /// Each worker of a run has a lane of its own (what keeps the templates' per-thread copies apart): two items running
    /// at the same time are on different lanes, every lane is one of 1…workers, and a thread outside a run is on lane 0,
    /// also after a run ended on it.
    func testWorkersRunningAtOnceAreOnDifferentLanes() {
        XCTAssertEqual(Parallel.lane, 0)
        for threads in [false, true] {
            let arrived = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
            let lanes = Mutex<[Int: Int]>([:])
            let work: @Sendable (Int) -> Void = { n in
                lanes.withLock { $0[n] = Parallel.lane }
                guard n < 2 else { return }
                arrived[n].signal()
                XCTAssertEqual(arrived[1 - n].wait(timeout: .now() + 5), .success, "the first two items ran at the same time")
            }
            if threads { Parallel.forEach(Array(0..<20), threads: 2, work) } else { Parallel.forEach(Array(0..<20), workers: 2, work) }
            let seen = lanes.withLock { $0 }
            XCTAssertEqual(seen.count, 20)
            XCTAssertNotEqual(seen[0], seen[1], "threads: \(threads)")
            XCTAssertEqual(Set(seen.values).subtracting([1, 2]), [], "threads: \(threads)")
            XCTAssertEqual(Parallel.lane, 0)
        }
    }
}
