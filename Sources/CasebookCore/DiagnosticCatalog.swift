/// Every diagnostic's words, in English and Chinese, and what `casebook explain <id>` prints about it.
///
/// Templates are keyed by the diagnostic's id, or `id/variant` when one id has several sentences; `{name}` is
/// replaced by the diagnostic's argument `name`. Each id has an explanation: what it means and how to fix it.
public enum DiagnosticCatalog {
    public struct Template: Sendable {
        public let en: String
        public let zh: String
    }

    public struct Explanation: Sendable {
        public let id: String
        /// What it means, in Chinese and English.
        public let zh: String
        public let en: String
        /// What to do, in Chinese and English.
        public let fixZh: String
        public let fixEn: String
    }

    /// The template of `key` in `language`, filled with `args`; nil when the catalog has no such key.
    public static func render(_ key: String, _ args: [String: String], in language: Language) -> String? {
        guard let t = templates[key] else { return nil }
        var out = language == .chinese ? t.zh : t.en
        for (name, value) in args { out = out.replacingOccurrences(of: "{\(name)}", with: value) }
        return out
    }

    public static func explanation(_ id: String) -> Explanation? { explanations.first { $0.id == id } }

    /// `casebook explain <id>`: the id, what it means and the fix, in the language.
    public static func explain(_ id: String, in language: Language) -> String? {
        guard let e = lookUp(id) else { return nil }
        switch language {
        case .chinese: return "\(e.id)\n\n\(e.zh)\n\n处理：\(e.fixZh)\n"
        case .english: return "\(e.id)\n\n\(e.en)\n\nFix: \(e.fixEn)\n"
        }
    }

    static func t(_ en: String, _ zh: String) -> Template { Template(en: en, zh: zh) }

    public static let templates: [String: Template] = [
        // parse
        "parse.unknown-layout": t("cannot tell the layout of this text (no 报送单位 lines, provider lines, table rows or headlines); set `layout:` in its metadata",
                                  "无法判断本文本的版式（没有报送单位行、提供单位行、表格行或 # 标题）；请在元数据中设置 `layout:`"),
        "parse.layout-forced": t("metadata forces layout {forced}; the text looks like {detected}", "元数据指定版式为 {forced}；文本看起来是 {detected}"),
        "parse.no-cases": t("no case found in this {layout} text", "在这份 {layout} 版式的文本中没有找到任何案例"),
        "parse.duplicate-number": t("case number {number} ({kind}) appears twice (first at line {first}); fix the number in the text",
                                    "案例编号 {number}（{kind}）出现两次（第一次在第 {first} 行）；请在文本中改正编号"),
        "parse.unassigned-line": t("line belongs to no case and is not furniture: {text}", "该行不属于任何案例，也不是目录、页码等版面内容：{text}"),
        "parse.unassigned-line/outside-table": t("line outside any table row: {text}", "该行不在任何表格行内：{text}"),
        "parse.unassigned-line/table-row": t("table row is neither a heading nor a numbered result: {text}", "该表格行既不是分组标题，也不是带序号的成果：{text}"),
        "parse.no-group": t("row {number} comes before any group heading; taken as 改革试点经验", "第 {number} 行成果出现在任何分组标题之前；按改革试点经验处理"),
        "parse.no-table-header": t("no header row with 序号 and 成果名称 found", "没有找到含“序号”和“成果名称”的表头行"),
        "parse.number-gap": t("case numbered {number} where {expected} was expected; the printed number is kept",
                              "案例编号为 {number}，按顺序应为 {expected}；保留原文编号"),
        "parse.number-typo": t("case numbered {number} between {previous} and {next}: probably {expected} mistyped; correct the number in the text (it is never published as {number})",
                               "案例编号 {number} 位于 {previous} 与 {next} 之间，应是 {expected} 的笔误；请在文本中改正编号（编号 {number} 不会被发布）"),
        "parse.number-without-dot": t("title starts with its number {number} without the dot after it (“{number}{title}”); read as case {number}: add the dot in the text",
                                      "标题以编号 {number} 开头但缺少其后的点号（“{number}{title}”）；已按第 {number} 项处理：请在文本中补上点号"),
        "parse.title-unnumbered": t("title printed without its number; numbered {number} by its place", "标题未印编号；按位置编为第 {number} 项"),
        "parse.count-mismatch/part": t("the part heading announces {count} items but {found} cases were found", "部分标题写明 {count} 项，实际找到 {found} 个案例"),
        "parse.count-mismatch/group": t("the group heading announces {count} items but {found} rows were found", "分组标题写明 {count} 项，实际找到 {found} 行"),
        "parse.toc-without-body": t("the table of contents is never followed by its first heading again; no body found", "目录之后没有再次出现目录中的第一个标题；找不到正文"),
        "parse.unknown-part-kind": t("part heading names neither 改革试点经验 nor 最佳实践案例; its cases are taken as 改革试点经验",
                                     "部分标题既不是改革试点经验也不是最佳实践案例；其案例按改革试点经验处理"),
        "parse.toc-missing": t("case {number} “{title}” has no entry in the table of contents", "第 {number} 项“{title}”在目录中没有对应条目"),
        "parse.toc-mismatch": t("title differs from the table of contents (line {line}: “{title}”)", "标题与目录不一致（目录第 {line} 行：“{title}”）"),
        "parse.toc-extra": t("the table of contents lists {number}. “{title}”, which the body does not contain", "目录列有 {number}.“{title}”，正文中没有这一项"),
        "parse.no-headline": t("a news page needs `#` headlines; none found", "新闻版面需要以 `#` 开头的标题行；没有找到"),
        "parse.interleaved-text": t("lines {first} and {second} both stop mid-sentence; the page's columns may be interleaved here (text kept in source order)",
                                    "第 {first} 行与第 {second} 行都在句中断开；此处版面分栏可能交错（按原文顺序保留）"),
        "parse.heading-unnumbered": t("section heading “{heading}” is printed without a numeral among numbered ones; kept as printed",
                                      "小标题“{heading}”在带序号的小标题之间却没有序号；按原文保留"),
        "parse.heading-number": t("section heading “{heading}” is numbered {number} but is heading {position} of its case; kept as printed",
                                  "小标题“{heading}”编号为 {number}，但它是本案例的第 {position} 个小标题；按原文保留"),
        "parse.heading-order": t("section heading “{heading}” is printed after “{previous}”, which usually follows it; kept in print order",
                                 "小标题“{heading}”印在“{previous}”之后，通常顺序相反；按原文顺序保留"),
        "news.displaced-paragraph/several-articles": t("paragraph stops mid-sentence and names the places of several later articles that open mid-sentence; it may have been printed here by the column layout (kept in place)",
                                                       "该段在句中断开，且提到后面几篇从句中开始的报道的地名；可能是分栏排版把它印在了这里（保留原位）"),
        "news.displaced-paragraph/kept": t("paragraph stops mid-sentence and names {places}, the place of “{title}” (line {headline}), whose text opens mid-sentence at line {opening}; the column layout printed it here; several paragraphs could continue there, so it is kept in place",
                                           "该段在句中断开，提到{places}，即“{title}”（第 {headline} 行）的地点，而那篇报道的正文在第 {opening} 行从句中开始；分栏排版把它印在了这里；有多段都可能接续，故保留原位"),
        "news.displaced-paragraph/moved": t("paragraph stops mid-sentence and names {places}, the place of “{title}” (line {headline}), whose text opens mid-sentence at line {opening}; the column layout printed it here; moved to the start of that article",
                                            "该段在句中断开，提到{places}，即“{title}”（第 {headline} 行）的地点，而那篇报道的正文在第 {opening} 行从句中开始；分栏排版把它印在了这里；已移到那篇报道的开头"),
        // content
        "content.ignored-file/pdf": t("not read: a PDF is not a source; extract its text with `pdftotext -layout {file} {stem}.txt` (poppler-utils) and check the .txt",
                                      "未读取：PDF 不能直接作为来源；请用 `pdftotext -layout {file} {stem}.txt`（poppler-utils）提取文本，并检查生成的 .txt"),
        "content.ignored-file/word": t("not read: a Word file is not a source; save it as text with `libreoffice --headless --convert-to txt:Text {file}` (or in Word: Save As → Plain Text, UTF-8)",
                                       "未读取：Word 文件不能直接作为来源；请用 `libreoffice --headless --convert-to txt:Text {file}` 转为文本（或在 Word 中：另存为 → 纯文本，UTF-8）"),
        "content.ignored-file/upper-case": t("not read: the extension must be written .txt in lower case; rename it to {stem}.txt",
                                             "未读取：扩展名必须是小写的 .txt；请改名为 {stem}.txt"),
        "content.ignored-file/metadata-without-text": t("not read: metadata without its text; put the text beside it as {stem}.txt, or remove this file",
                                                        "未读取：只有元数据，没有对应的文本；请把文本以 {stem}.txt 放在旁边，或删除此文件"),
        "content.ignored-file/other": t("not read: only .txt texts (each with its .yaml metadata) are sources; save the text of this file as {stem}.txt",
                                        "未读取：只有 .txt 文本（各配一个同名 .yaml 元数据）才是来源；请把此文件的文本另存为 {stem}.txt"),
        "content.no-sources/unreadable": t("cannot read {dir}: {cause}", "无法读取 {dir}：{cause_zh}"),
        "content.no-sources": t("no source texts (*.txt) in {dir}", "{dir} 中没有来源文本（*.txt）"),
        "content.unreadable": t("cannot read the file: {cause}", "无法读取该文件：{cause_zh}"),
        "content.empty": t("the file is empty", "文件是空的"),
        "content.empty/blank": t("the file holds only white space", "文件只有空白"),
        "content.long-line": t("line {line} is {bytes} bytes long: the text seems to have lost its line breaks; extract it again with one line per paragraph",
                               "第 {line} 行长达 {bytes} 字节：文本似乎丢失了换行；请重新提取，每段一行"),
        "content.binary": t("the file is {kind}, not text: save or extract it as a .txt file first", "该文件是{kind}，不是文本：请先另存或提取为 .txt 文件"),
        "content.encoding": t("byte 0x{byte} cannot be decoded: the file is neither UTF-8 nor GB18030 (save it as UTF-8, or declare `encoding:` in its metadata)",
                              "字节 0x{byte} 无法解码：该文件既不是 UTF-8 也不是 GB18030（请另存为 UTF-8，或在元数据中声明 `encoding:`）"),
        "content.encoding/more": t("{count} more lines cannot be decoded", "另有 {count} 行无法解码"),
        "content.encoding/declared": t("bytes {bytes} cannot be decoded as {encoding}: check the file's encoding (and the `encoding:` in its metadata)",
                                       "字节 {bytes} 无法按 {encoding} 解码：请检查文件编码（及元数据中的 `encoding:`）"),
        // metadata
        "metadata.missing": t("no metadata file {meta} beside the text: issuer, level, batch and year must be stated or attributed there",
                              "文本旁没有元数据文件 {meta}：发布单位、层级、批次和年份须在其中注明（stated 或 attributed）"),
        "metadata.invalid/yaml": t("not valid YAML: {problem}", "YAML 格式错误：{problem}"),
        "metadata.invalid/not-mapping": t("expected a mapping of facts (`key: value` lines)", "应为一组 `键: 值` 形式的事实"),
        "metadata.invalid/basis": t("`{key}` needs `basis: stated` or `basis: attributed`", "`{key}` 需要 `basis: stated` 或 `basis: attributed`"),
        "metadata.invalid/basis-value": t("`{key}.basis` must be stated or attributed, not {value}", "`{key}.basis` 只能是 stated 或 attributed，不能是 {value}"),
        "metadata.invalid/missing": t("missing `{key}: {shape}`", "缺少 `{key}: {shape}`"),
        "metadata.invalid/slug": t("`slug` must be lower-case ASCII letters, digits and dashes (it prefixes case ids)", "`slug` 只能由小写英文字母、数字和连字符组成（它是案例编号的前缀）"),
        "metadata.invalid/batch-number": t("`batch.number` must be a whole number", "`batch.number` 必须是整数"),
        "metadata.invalid/date": t("`date.value` must be a date written YYYY-MM-DD, not {value}", "`date.value` 必须写成 YYYY-MM-DD 形式的日期，不能是 {value}"),
        "metadata.invalid/whole-number": t("`{key}` must be a whole number", "`{key}` 必须是整数"),
        "metadata.invalid/reviewed": t("`reviewed` must be a list of id@line, e.g. [parse.title-unnumbered@818], not {value}", "`reviewed` 必须是 id@行号 的列表，如 [parse.title-unnumbered@818]，不能是 {value}"),
        "metadata.invalid/layout": t("`layout` must be one of {layouts}", "`layout` 只能是 {layouts} 之一"),
        "metadata.invalid/encoding": t("`encoding` must be one of {names}, not {value}", "`encoding` 只能是 {names} 之一，不能是 {value}"),
        "metadata.unknown-key": t("unknown key `{key}`{suggestion} (metadata never carries hints about cases)", "未知的键 `{key}`{suggestion}（元数据不记录关于个别案例的提示）"),
        "metadata.unknown-key/suggestion": t("; did you mean `{key}`?", "；是否应为 `{key}`？"),
        "metadata.duplicate-slug": t("slug {slug} is also used by {other}; case ids would collide", "slug {slug} 已被 {other} 使用；案例编号会冲突"),
        "metadata.stated-not-in-text": t("`{key}` is marked stated, but the text does not contain “{value}”; mark it attributed (and say where it comes from in `note`) or correct it",
                                         "`{key}` 标为 stated（原文载明），但文本中找不到“{value}”；请改为 attributed（并在 `note` 中说明来源）或改正其值"),
        "metadata.batch-mismatch": t("`batch.number` {number} does not agree with `batch.name` {name} (第{numeral}批); correct one of them",
                                     "`batch.number` 为 {number}，与 `batch.name` {name} 不符（应为第{numeral}批）；请改正其中之一"),
        "metadata.duplicate-batch": t("{batch} of {issuer} ({level}) is also claimed by {other}; two documents cannot be the same batch",
                                      "{issuer}（{level}）的{batch}也由 {other} 声明；两份文件不能是同一批次"),
        "metadata.stale-review": t("reviewed warning {review} no longer occurs in {file}; remove it from `reviewed`", "已审阅的提示 {review} 在 {file} 中已不再出现；请从 `reviewed` 中删除"),
        // reference data and settings
        "reference.missing": t("cannot read {path}", "无法读取 {path}"),
        "reference.invalid": t("{problem}", "{problem}"),
        "reference.invalid/overrides": t("expected a mapping of case id → {field, reason}", "应为“案例编号 → {field, reason}”的映射"),
        "reference.invalid/units": t("units.yaml: {problem}", "units.yaml：{problem}"),
        "reference.invalid/zones": t("zones.json: {problem}", "zones.json：{problem}"),
        "reference.invalid/meanings": t("section-meanings.yaml: expected `meanings:`, a list of {name, words: [...]}", "section-meanings.yaml：应为 `meanings:`，每项为 {name, words: [...]}"),
        "reference.invalid/equivalents": t("search-equivalents.yaml: {problem}", "search-equivalents.yaml：{problem}"),
        "reference.invalid/override-field": t("override for {id} needs `field:` naming one of the {count} fields", "{id} 的人工归类需要 `field:`，其值为 {count} 个领域之一"),
        "config.invalid": t("expected a mapping (title, description, base_url, levels)", "应为一组设置（title、description、base_url、levels）"),
        "new.exists": t("{path} already exists; casebook new starts a site in a folder without Content/", "{path} 已存在；casebook new 只在没有 Content/ 的文件夹里新建网站"),
        "new.source": t("cannot read {path}", "无法读取 {path}"),
        "new.source/not-text": t("cannot read {path} as text", "无法把 {path} 读作文本"),
        "new.source/exists": t("{path} already exists; remove it first to write a new skeleton", "{path} 已存在；要重新生成元数据骨架，请先删除它"),
        "config.invalid/encoding": t("site.yaml is not UTF-8 text", "site.yaml 不是 UTF-8 文本"),
        "config.invalid/yaml": t("not valid YAML: {problem}", "不是有效的 YAML：{problem}"),
        "config.invalid/text": t("`{key}` must be text", "`{key}` 必须是文本"),
        "config.unknown-key": t("unknown key `{key}` (known: {known})", "未知的键 `{key}`（可用的键：{known}）"),
        "config.unknown-key/nearest": t("unknown key `{key}`; did you mean `{nearest}`? (known: {known})", "未知的键 `{key}`；是不是 `{nearest}`？（可用的键：{known}）"),
        "config.invalid/base-url": t("base_url must start with http:// or https://", "base_url 必须以 http:// 或 https:// 开头"),
        "config.invalid/levels": t("`levels` must be a list of levels in publication order, e.g. [国家级, 自治区级]", "`levels` 必须是按发布顺序排列的层级列表，如 [国家级, 自治区级]"),
        // enrich
        "enrich.no-zone": t("no FTZ or 片区 could be resolved for “{title}”", "无法确定“{title}”所属的自贸试验区或片区"),
        "enrich.unknown-label": t("printed field “{label}” maps to no field of the taxonomy; add it to a field's aliases", "原文领域“{label}”不对应分类中的任何领域；请把它加入某个领域的别名"),
        "units.unknown": t("{count} unit name(s) not in data/units.yaml, each given a page of its own: {names}; add each to units.yaml as a unit or as another name of one",
                           "{count} 个单位名称不在 data/units.yaml 中，已各自单独成页：{names}；请把它们作为单位或某单位的别名、曾用名加入 units.yaml"),
        "enrich.unknown-override": t("category override for {id}, which is no case", "人工归类指向 {id}，但没有这个案例"),
        // templates
        "template.no-folder": t("cannot read the templates folder {dir}", "无法读取模板文件夹 {dir}"),
        "template.unreadable": t("cannot read template", "无法读取模板"),
        "template.unreadable/asset": t("cannot read asset", "无法读取静态文件"),
        "template.syntax": t("{problem}", "模板语法错误：{problem}"),
        "template.missing-partial": t("{kind} '{name}' is not a template in {dir}", "{kind} '{name}' 不是 {dir} 中的模板"),
        "template.missing": t("required template '{name}' ({name}.mustache) is missing", "缺少必需的模板 '{name}'（{name}.mustache）"),
        "template.missing/render": t("template '{name}' does not exist", "模板 '{name}' 不存在"),
        "template.unknown-key": t("'{key}' is not a key of {models}, the model this template is rendered with", "'{key}' 不是 {models} 的键（本模板用该模型渲染）"),
        // faults of the run (write.*, pdf.*, archive.*): `{cause}` and `{cause_zh}` are a system error in words
        "cache.ignored/manifest": t("the cache {path} cannot be read; building without it", "缓存 {path} 无法读取；本次构建不使用它"),
        "cache.ignored/files": t("the cache {path} cannot be read or is not that of {manifest}; building without it",
                                 "缓存 {path} 无法读取，或与 {manifest} 不是同一次构建留下的；本次构建不使用它"),
        "cache.unwritten": t("cannot write the build cache {path}: {cause}; the next build starts cold", "无法写入构建缓存 {path}：{cause_zh}；下一次构建将从头开始"),
        "write.cannot-write": t("cannot write {path}: {cause}", "无法写入 {path}：{cause_zh}"),
        "write.left-as-it-was": t("{message}; {output} was left as it was", "{message}；{output} 保持原样"),
        "write.not-a-folder": t("cannot write {path}: it exists and is not a folder", "无法写入 {path}：它已存在，但不是文件夹"),
        "write.not-a-site": t("will not replace {path}: it holds files and is not a site Casebook built (no index.html); choose another --output",
                              "不会替换 {path}：其中已有文件，且不是 Casebook 生成的网站（没有 index.html）；请另选 --output"),
        "write.bad-path": t("cannot write {path}: refusing the absolute, escaping or duplicate path {file}",
                            "无法写入 {path}：拒绝绝对路径、越出输出文件夹的路径或重复的路径 {file}"),
        "write.no-atomic-swap": t("cannot replace {path} atomically: its file system does not support renameat2 with RENAME_EXCHANGE",
                                  "无法以原子操作替换 {path}：其文件系统不支持 renameat2 的 RENAME_EXCHANGE"),
        "write.source-changed": t("{file} changed during the build (its pages would not match it); build again", "{file} 在构建期间被修改（页面将与之不符）；请重新构建"),
        "write.site-changed": t("{file} of the previous site changed during the build; build again", "上一次网站中的 {file} 在构建期间被改动；请重新构建"),
        "write.spill": t("cannot read the cases' text back from the build's temporary file {path} ({cause}); build again",
                         "无法从构建的临时文件 {path} 读回案例正文（{cause_zh}）；请重新构建"),
        "write.search-run/order": t("the search index's temporary runs came back out of order (shard {shard} twice); build again",
                                    "搜索索引的临时分批文件读回时顺序错乱（分片 {shard} 出现两次）；请重新构建"),
        "write.search-run/make": t("cannot make a temporary file in {path} (a part of the search index while it is counted): {cause}",
                                   "无法在 {path} 中创建临时文件（搜索索引计数时使用）：{cause_zh}"),
        "write.search-run/open": t("cannot open a temporary file in {path} (a part of the search index while it is counted): {cause}",
                                   "无法打开 {path} 中的临时文件（搜索索引计数时使用）：{cause_zh}"),
        "write.search-run/write": t("cannot write a temporary file in {path} (a part of the search index while it is counted): {cause}",
                                    "无法写入 {path} 中的临时文件（搜索索引计数时使用）：{cause_zh}"),
        "write.search-run/short": t("a temporary file in {path} (a part of the search index while it is counted) ends in the middle of an entry",
                                    "{path} 中的临时文件（搜索索引计数时使用）在一个条目的中间结束"),
        "pdf.cannot-write": t("cannot write the PDFs in {path}: {cause}", "无法在 {path} 中写入 PDF：{cause_zh}"),
        "pdf.no-handbooks": t("no handbooks in {site} (expected {site}handbooks/*.html)", "{site} 中没有手册（应有 {site}handbooks/*.html）"),
        "pdf.failed/unknown": t("no handbook named {names} in {site}handbooks/", "{site}handbooks/ 中没有名为 {names} 的手册"),
        "pdf.weasyprint/read": t("cannot read {path}: {cause}", "无法读取 {path}：{cause_zh}"),
        "pdf.weasyprint/write": t("cannot write {path}: {cause}", "无法写入 {path}：{cause_zh}"),
        "pdf.weasyprint/missing": t("cannot make {path}: WeasyPrint could not load what the page needs{said}", "无法生成 {path}：WeasyPrint 无法载入页面所需的内容{said}"),
        "pdf.weasyprint/status": t("cannot make {path}: WeasyPrint exited with status {status}{said}", "无法生成 {path}：WeasyPrint 以状态 {status} 退出{said}"),
        "pdf.no-fonts": t("--pdf needs the Noto CJK fonts for Chinese text, and fontconfig has no {font}: install them (Debian, Ubuntu: `apt-get install fonts-noto-cjk fontconfig`; in a clone of Casebook, `make pdf`)",
                          "--pdf 需要 Noto CJK 中文字体，而 fontconfig 中没有 {font}：请安装（Debian、Ubuntu：`apt-get install fonts-noto-cjk fontconfig`；在 Casebook 的克隆中：`make pdf`）"),
        "pdf.no-weasyprint/setting": t("CASEBOOK_WEASYPRINT is {setting}, and there is no program there: set it to a `weasyprint` program (such as .venv/bin/weasyprint), or unset it",
                                       "CASEBOOK_WEASYPRINT 为 {setting}，但那里没有程序：请把它设为一个 `weasyprint` 程序（如 .venv/bin/weasyprint），或取消该设置"),
        "pdf.no-weasyprint": t("--pdf needs WeasyPrint, and there is none (no {places}, no `weasyprint` on PATH): {hint}",
                               "--pdf 需要 WeasyPrint，但找不到（没有 {places_zh}，PATH 中也没有 `weasyprint`）：{hint_zh}"),
        "archive.cannot-write": t("cannot write the archive {path}: {cause}", "无法写入网站压缩包 {path}：{cause_zh}"),
        "archive.not-a-site": t("{site} is not a built site (no index.html)", "{site} 不是已生成的网站（没有 index.html）"),
    ]
}
