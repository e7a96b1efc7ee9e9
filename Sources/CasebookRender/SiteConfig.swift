import CasebookCore

/// Settings of the site (from `Content/site.yaml`).
public struct SiteConfig: Hashable, Sendable {
    public var title: String
    public var description: String
    /// e.g. `https://example.org/casebook/`; when nil, no absolute URLs are written.
    public var baseURL: String?
    /// What a Chinese government site shows in its footer; each line is shown only when set.
    public var publisher: Publisher

    /// 主办单位, 备案 numbers, 政府网站标识码, and the organisation behind the site with its contact.
    public struct Publisher: Hashable, Sendable {
        /// 主办单位
        public var sponsor: String?
        /// ICP备案号, e.g. 桂ICP备12345678号-1 (links to beian.miit.gov.cn).
        public var icp: String?
        /// 公安机关备案号, e.g. 桂公网安备 45010302000001号 (links to beian.mps.gov.cn with its digits).
        public var policeRecord: String?
        /// 政府网站标识码, e.g. 4500000001.
        public var siteCode: String?
        /// The organisation named in the footer and how to reach it.
        public var organisation: String?
        public var contact: String?
        public init(sponsor: String? = nil, icp: String? = nil, policeRecord: String? = nil, siteCode: String? = nil,
                    organisation: String? = nil, contact: String? = nil) {
            self.sponsor = sponsor
            self.icp = icp
            self.policeRecord = policeRecord
            self.siteCode = siteCode
            self.organisation = organisation
            self.contact = contact
        }
    }

    public init(title: String = "自贸试验区制度创新案例库", description: String = "", baseURL: String? = nil,
                publisher: Publisher = Publisher()) {
        self.title = title
        self.description = description
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        self.publisher = publisher
    }
}
