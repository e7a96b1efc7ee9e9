import Foundation

/// Turns the handbook pages of a written site into PDFs with WeasyPrint.
public struct PDFMaker {
    public init() {}
    public struct Failure: Error, CustomStringConvertible { public var description: String }
    /// Writes `handbooks/<name>.pdf` beside each `handbooks/<name>.html` of the site; returns the PDFs written.
    public func make(site: String) throws -> [String] {
        throw Failure(description: "PDF output is not implemented yet")
    }
}
