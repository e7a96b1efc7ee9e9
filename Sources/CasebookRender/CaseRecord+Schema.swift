import Foundation

extension CasesFile {
    /// `data/cases.schema.json`: the public contract of `data/cases.json` (JSON Schema draft 2020-12). Every key
    /// `CaseRecord` writes is listed and required (absent values are written as null); nothing else is allowed, so a
    /// new key is a deliberate change to the contract.
    static let schema = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "cases.schema.json",
      "title": "Casebook cases.json",
      "description": "自贸试验区制度创新成果：每个案例的出处、批次、领域、片区、正文与引用信息。",
      "type": "object",
      "required": ["cases", "count", "generator"],
      "additionalProperties": false,
      "properties": {
        "cases": {"type": "array", "items": {"$ref": "#/$defs/case"}},
        "count": {"type": "integer", "minimum": 0, "description": "the number of cases"},
        "generator": {"const": "casebook"}
      },
      "$defs": {
        "text": {"type": "string", "minLength": 1},
        "optionalText": {"type": ["string", "null"]},
        "texts": {"type": "array", "items": {"type": "string"}},
        "caseIds": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9-]+$"}, "uniqueItems": true},
        "case": {
          "type": "object",
          "additionalProperties": false,
          "required": ["id", "url", "title", "kind", "number", "label", "part", "kicker", "batch", "category", "ftz", "areas", "zones",
                       "providers", "submitters", "lead_units", "responsible_units", "units", "authors", "scope", "summary", "sections", "related",
                       "versions", "source"],
          "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9-]+$", "description": "stable id: batch slug, kind, number"},
            "url": {"type": "string", "pattern": "^cases/[a-z0-9-]+\\.html$", "description": "the case page, relative to the site root"},
            "title": {"$ref": "#/$defs/text"},
            "kind": {"enum": ["改革试点经验", "最佳实践案例", "新闻报道"]},
            "number": {"type": "integer", "minimum": 1, "description": "the number printed before the title (第N项, 第N篇)"},
            "label": {"$ref": "#/$defs/text", "description": "how readers cite it: 广西第二批 · 改革试点经验 第3项"},
            "part": {"$ref": "#/$defs/optionalText"},
            "kicker": {"$ref": "#/$defs/optionalText"},
            "batch": {
              "type": "object",
              "additionalProperties": false,
              "required": ["number", "name", "label", "level", "issuer", "year", "document", "slug", "attributed"],
              "properties": {
                "number": {"type": ["integer", "null"]},
                "name": {"type": "string"},
                "label": {"type": "string"},
                "level": {"type": "string"},
                "issuer": {"type": "string"},
                "year": {"type": "integer"},
                "document": {"type": "string"},
                "slug": {"type": "string"},
                "attributed": {"type": "boolean", "description": "the batch is not stated by the text"},
                "attributed_facts": {"type": "array", "items": {"enum": ["title", "issuer", "level", "batch", "year"]},
                                     "description": "facts of the document that come from outside its text"}
              }
            },
            "category": {
              "type": "object",
              "additionalProperties": false,
              "required": ["name", "source", "official_label"],
              "properties": {
                "name": {"$ref": "#/$defs/optionalText"},
                "source": {"enum": ["official", "rule", "editor", null]},
                "official_label": {"$ref": "#/$defs/optionalText"},
                "reason": {"type": "string"},
                "secondary": {"$ref": "#/$defs/optionalText"},
                "keywords": {"$ref": "#/$defs/texts"}
              }
            },
            "ftz": {"$ref": "#/$defs/texts"},
            "areas": {"$ref": "#/$defs/texts"},
            "zones": {
              "type": "array",
              "items": {
                "type": "object", "additionalProperties": false, "required": ["ftz", "area"],
                "properties": {"ftz": {"$ref": "#/$defs/text"}, "area": {"$ref": "#/$defs/optionalText"}}
              }
            },
            "providers": {"$ref": "#/$defs/texts"},
            "submitters": {"$ref": "#/$defs/texts"},
            "lead_units": {"$ref": "#/$defs/texts"},
            "responsible_units": {"$ref": "#/$defs/texts"},
            "units": {
              "type": "array",
              "description": "every unit of submitters, lead_units and responsible_units, in that order, read through data/units.yaml",
              "items": {
                "type": "object", "additionalProperties": false, "required": ["name", "printed", "role"],
                "properties": {
                  "name": {"$ref": "#/$defs/text", "description": "the unit (short names, variants and former names resolved); the printed name when the data does not know it"},
                  "printed": {"$ref": "#/$defs/text", "description": "the name as the text prints it"},
                  "role": {"enum": ["submitted", "leads", "replicates"], "description": "报送单位, 牵头改革部门, 复制推广责任单位"}
                }
              }
            },
            "authors": {"$ref": "#/$defs/texts"},
            "scope": {"$ref": "#/$defs/optionalText"},
            "summary": {"$ref": "#/$defs/optionalText"},
            "sections": {
              "type": "array",
              "items": {
                "type": "object", "additionalProperties": false, "required": ["heading", "markdown"],
                "properties": {"heading": {"$ref": "#/$defs/optionalText"}, "markdown": {"type": "string"}}
              }
            },
            "related": {"$ref": "#/$defs/caseIds", "description": "similar cases in other documents"},
            "versions": {"$ref": "#/$defs/caseIds", "description": "the same innovation published at another level or in another batch, in date order"},
            "source": {
              "type": "object",
              "additionalProperties": false,
              "required": ["file", "lines"],
              "properties": {
                "file": {"$ref": "#/$defs/text"},
                "lines": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 2, "maxItems": 2,
                          "description": "first and last line; the source page is sources/<file stem>.html#L<first>-L<last>"}
              }
            }
          }
        }
      }
    }

    """#
}
