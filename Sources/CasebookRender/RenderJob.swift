import CasebookTemplates

/// One page of the site to render: where it goes, the template, and how to make the model the template reads. The
/// model is made when the page is rendered (on the thread that renders it) and dropped after: a big page's model
/// (a handbook holds every case of its batches) never waits in memory for its turn.
struct RenderJob: Sendable {
    var path: String
    var template: String
    var makeModel: @Sendable () throws -> any TemplateModel
    /// Bytes that change whenever the page would, made without its model (nil: none can be made): an incremental
    /// build keeps the previous page by them rather than by the model's fingerprint.
    var key: @Sendable () -> [UInt8]?

    init(path: String, template: String, model: @escaping @autoclosure @Sendable () throws -> any TemplateModel,
         key: @escaping @Sendable () -> [UInt8]? = { nil }) {
        self.path = path
        self.template = template
        self.makeModel = model
        self.key = key
    }
}
