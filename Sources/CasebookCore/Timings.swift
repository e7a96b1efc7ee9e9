import Foundation
import Synchronization

/// Wall-clock time per stage of a build (`casebook build --timings`), in the order the stages started. Stages may
/// run at the same time on several threads; each is measured on its own, so the times may add up to more than the
/// build took.
public final class Timings: Sendable {
    public struct Stage: Sendable, Equatable {
        public var name: String
        public var seconds: Double
    }

    private let stages = Mutex<[Stage]>([])

    public init() {}

    /// Runs `body` and records its time under `name` (added to earlier runs of the same name).
    public func measure<R, E: Error>(_ name: String, _ body: () throws(E) -> R) throws(E) -> R {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { record(name, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }

    public func record(_ name: String, seconds: Double) {
        stages.withLock { s in
            if let i = s.firstIndex(where: { $0.name == name }) { s[i].seconds += seconds } else { s.append(Stage(name: name, seconds: seconds)) }
        }
    }

    public var all: [Stage] { stages.withLock { $0 } }

    /// One line per stage: `  parse            1.23 s`.
    public var report: String {
        let all = self.all
        let width = all.map(\.name.count).max() ?? 0
        return all.map { s in
            "  " + s.name + String(repeating: " ", count: width - s.name.count) + "  " + String(format: "%7.2f s", s.seconds)
        }.joined(separator: "\n")
    }
}
