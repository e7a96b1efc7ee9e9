import CasebookCore

extension SiteRenderer {
    /// Printable handbooks (one HTML page each): per batch, per FTZ, and one for everything.
    func renderHandbooks() throws -> [OutputFile] {
        []  // filled in by the handbook work (issue 4)
    }
}
