import CasebookTemplates

/// One page of the site to render: where it goes, the template, and the model the template reads.
struct RenderJob: Sendable {
    var path: String
    var template: String
    var model: any TemplateModel
}
