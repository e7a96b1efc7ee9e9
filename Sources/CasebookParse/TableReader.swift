import CasebookCore

/// Reads a block of tab-cell rows: a row is a run of lines separated from the next by a blank line;
/// each line starting with a tab starts a cell, other lines continue the cell above.
enum TableReader {
    static func rows(_ lines: [SourceLine], from start: Int) -> (rows: [(cells: [String], first: Int, last: Int)], next: Int) {
        var rows: [(cells: [String], first: Int, last: Int)] = []
        var cells: [String] = []
        var first = 0, last = 0
        var i = start
        func endRow() {
            if !cells.isEmpty { rows.append((cells, first, last)) }
            cells = []
        }
        while i < lines.count {
            let line = lines[i]
            if line.isBlank {
                var j = i + 1
                while j < lines.count && lines[j].isBlank { j += 1 }
                // A cell that wraps across a blank line: the unfinished cell goes on in a line
                // without a tab, and more cells follow it.
                if j < lines.count, !lines[j].startsCell, let lastCell = cells.last, !Text.endsSentence(lastCell),
                   !SectionBuilder.isSectionHeading(lines[j].text) {
                    var k = j + 1
                    while k < lines.count && lines[k].isBlank { k += 1 }
                    if k < lines.count && lines[k].startsCell { i = j; continue }
                }
                endRow()
                // The table ends at a blank line not followed by another cell.
                if j >= lines.count || !lines[j].startsCell { i = j; break }
                i = j
                continue
            }
            if line.startsCell {
                if cells.isEmpty { first = line.number }
                cells.append(line.text)
            } else if cells.isEmpty {
                break
            } else {
                cells[cells.count - 1] = Text.join(cells[cells.count - 1], line.text)
            }
            last = line.number
            i += 1
        }
        endRow()
        return (rows, i)
    }

    /// A whole table: the first row is its header.
    static func read(_ lines: [SourceLine], from start: Int) -> (Table?, Int) {
        let (rows, next) = rows(lines, from: start)
        guard let header = rows.first else { return (nil, next) }
        let width = rows.map(\.cells.count).max() ?? header.cells.count
        let body = rows.dropFirst().map { r in r.cells + Array(repeating: "", count: max(0, width - r.cells.count)) }
        return (Table(header: header.cells + Array(repeating: "", count: max(0, width - header.cells.count)), rows: Array(body)), next)
    }
}
