import CasebookTemplates

/// A page's own model inside the shared frame: keys are looked up in the content first, then in the frame.
struct PageModel<Content: TemplateModel>: TemplateModel {
    var frame: FrameModel
    var content: Content

    func child(named name: String) -> Any? { content.child(named: name) ?? frame.child(named: name) }

    func appendCanonical(to out: inout [UInt8]) {
        frame.appendCanonical(to: &out)
        content.appendCanonical(to: &out)
    }

    static var templateKeys: TemplateKeys {
        TemplateKeys(names: [], nested: [FrameModel.self, Content.self])
    }
}

/// A page with nothing of its own beyond the frame (the search page: its results come from the index in the browser).
struct EmptyModel: SchemaModel {
    static let schema = Schema<Self>([])
}
