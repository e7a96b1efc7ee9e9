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
}
