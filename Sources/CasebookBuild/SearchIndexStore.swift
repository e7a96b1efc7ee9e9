import CasebookCore
import CasebookRender
import Foundation
import Synchronization

/// The previous build's search index as the manifest records it, and its files in the previous site: what
/// `SearchIndex` patches instead of counting every case again. This build's state goes into the next manifest.
final class SearchIndexStore: SearchIndexMemo {
    let oldSite: String
    let previousSearchIndex: SearchIndexState?
    let entries: [String: BuildCache.Entry]
    private let recorded = Mutex<SearchIndexState?>(nil)

    init(previous: BuildCache.Files?, oldSite: String) {
        self.oldSite = oldSite
        previousSearchIndex = previous?.search
        entries = previous?.entries ?? [:]
    }

    func previousFile(_ path: String) -> Data? { FileManager.default.contents(atPath: oldSite + "/" + path) }

    func isIntact(_ path: String) -> Bool {
        guard let e = entries[path] else { return false }
        return BuildCache.intact(oldSite + "/" + path, e)
    }

    func record(_ state: SearchIndexState) { recorded.withLock { $0 = state } }

    var state: SearchIndexState? { recorded.withLock { $0 } }
}
