/// A count printed in a heading (`第一部分 改革试点经验（19项）`, `一、改革试点经验（16项）`), checked against
/// the items found under it when the next heading (or the end) closes it.
struct DeclaredCount {
    let count: Int
    let line: Int
    /// What announced the count and what the items are called, for the warning: `part heading`, `cases`.
    let heading: String
    let noun: String

    /// Warns when the heading announces a different number of items than were found.
    func check(found: Int, context: inout ParseContext) {
        guard found != count else { return }
        context.warn("parse.count-mismatch", "the \(heading) announces \(count) items but \(found) \(noun) were found", line: line)
    }
}
