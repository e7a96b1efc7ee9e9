/// A count printed in a heading (`第一部分 改革试点经验（19项）`, `一、改革试点经验（16项）`), checked against
/// the items found under it when the next heading (or the end) closes it.
struct DeclaredCount {
    let count: Int
    let line: Int
    /// What announced the count: `part` (a part heading over cases) or `group` (a group row over table rows).
    let variant: String

    /// Warns when the heading announces a different number of items than were found.
    func check(found: Int, context: inout ParseContext) {
        guard found != count else { return }
        context.warn("parse.count-mismatch", variant: variant, ["count": "\(count)", "found": "\(found)"], line: line)
    }
}
