"""The PDF handbooks as a reader gets them: `casebook build --pdf` for one small handbook (全国第四批, 18 cases; the
whole site takes a minute or more), read back with pdftotext and pypdf: its pages, the table of contents against the
pages where the cases begin, one bookmark per case, Chinese text that can be extracted, fonts embedded.
The PDF is made by the WeasyPrint release that requirements-pdf.txt pins, and the same site gives the same bytes.
Also: without WeasyPrint, `--pdf` fails and says what to run."""
import os
import re
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, casebook_binary, CONTENT

HANDBOOK = "batch-cn-b4"
LABEL = "全国第四批"


PINNED = re.search(r"^weasyprint==(\S+)$", (REPO / "requirements-pdf.txt").read_text(encoding="utf-8"), re.M).group(1)


def build(out: Path, *flags, env=None, cwd=REPO):
    return subprocess.run(
        [str(casebook_binary()), "build", "--quiet", "--output", str(out),
         "--content", str(CONTENT), "--templates", str(REPO / "Templates"), *flags],
        cwd=cwd, capture_output=True, text=True, timeout=900, env=env)


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "site"
    start = time.monotonic()
    result = build(out, "--pdf", env=dict(os.environ, CASEBOOK_PDF_ONLY=HANDBOOK))
    assert result.returncode == 0, result.stderr
    print(f"\nbuild --pdf for {HANDBOOK}: {time.monotonic() - start:.1f} s")
    return out


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


class TocReader(HTMLParser):
    """The table of contents of a handbook page: (kind, id, title) in order, kind being part, group or case."""

    def __init__(self):
        super().__init__()
        self.entries, self.stack, self.text, self.current = [], [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "nav" and "hb-toc" in cls.split():
            self.stack.append("toc")
        if not self.stack:
            return
        if tag == "li" and "hb-toc-case" in cls:
            self.current = ["case", a.get("data-case-id"), ""]
        elif tag == "a" and self.current is None and a.get("href", "").startswith("#part-"):
            self.current = ["group" if "hb-toc-group-link" in cls else "part", a["href"][1:], ""]
        elif tag == "span" and "hb-toc-text" in cls and self.current is not None:
            self.text = True

    def handle_endtag(self, tag):
        if tag == "nav" and self.stack:
            self.stack.pop()
        if tag == "span" and self.text:
            self.text = None
            self.entries.append(tuple(self.current))
            self.current = None

    def handle_data(self, data):
        if self.text and self.current is not None:
            self.current[2] += data


@pytest.fixture(scope="module")
def toc(pdf_site):
    reader = TocReader()
    reader.feed((pdf_site / "handbooks" / f"{HANDBOOK}.html").read_text(encoding="utf-8"))
    assert reader.entries and sum(1 for e in reader.entries if e[0] == "case") == 18
    return reader.entries


@pytest.fixture(scope="module")
def pdf(pdf_site):
    path = pdf_site / "handbooks" / f"{HANDBOOK}.pdf"
    assert path.exists(), "no PDF"
    return path


@pytest.fixture(scope="module")
def pages(pdf):
    """Text of each page, from pdftotext (pages end with a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_only_the_asked_handbook_was_made_and_its_pages_link_it(pdf_site, pdf):
    assert sorted(p.name for p in (pdf_site / "handbooks").glob("*.pdf")) == [f"{HANDBOOK}.pdf"]
    index = (pdf_site / "handbooks" / "index.html").read_text(encoding="utf-8")
    assert f'href="{HANDBOOK}.pdf"' in index
    assert 'href="all.pdf"' not in index, "a PDF that was not made must not be linked"
    assert f'href="{HANDBOOK}.pdf"' in (pdf_site / "handbooks" / f"{HANDBOOK}.html").read_text(encoding="utf-8")


def test_pages_running_header_and_page_numbers(pdf, pages):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert count == len(pages)
    assert count >= 2 + 18, "a cover, a table of contents and a page at least per case"
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M), info
    assert "2021年" in pages[0] and LABEL in pages[0], "cover: batch and the year from the content"
    for n in range(2, count + 1):
        text = pages[n - 1]
        assert f"{n} / {count}" in text, f"page {n} has no page number"
        assert f"{LABEL} · 案例手册" in text, f"page {n} has no running header"


def toc_numbers(pages):
    """(entry text, page number) from the table of contents pages, in order; wrapped titles are joined."""
    entries, pending = [], ""
    for text in pages[1:]:
        if "目" not in text or "录" not in text:
            break
        for line in text.splitlines():
            m = re.match(r"^\s*(.*?)\s*\.{3,}\s*(\d+)\s*$", line)
            if m:
                entries.append((squeeze(pending + m.group(1)), int(m.group(2))))
                pending = ""
            elif line.strip() and not re.search(r"\d+ / \d+$|案例手册|^\s*目\s*录\s*$", line):
                pending += line
    return entries


def test_the_table_of_contents_gives_the_pages_where_the_cases_begin(toc, pages):
    numbers = toc_numbers(pages)
    assert len(numbers) == len(toc), f"{len(numbers)} numbered entries for {len(toc)} in the HTML: {numbers}"
    case_pages = []
    for (kind, ident, title), (text, page) in zip(toc, numbers):
        assert squeeze(title) in text, f"TOC entry {text!r} is not {title!r}"
        assert 1 <= page <= len(pages)
        if kind != "case":
            continue
        case_pages.append(page)
        body = squeeze(pages[page - 1])
        assert squeeze(title) in body, f"{ident}: page {page} does not show {title}"
    # Each case begins on its page: its label line ("全国第四批 · 最佳实践案例 第N项") is there and on no other page.
    cases = [e for e in toc if e[0] == "case"]
    for i, ((_, ident, _), page) in enumerate(zip(cases, case_pages), start=1):
        label = squeeze(f"{LABEL} · 最佳实践案例 第{i}项")
        where = [n for n, text in enumerate(pages, start=1) if label in squeeze(text)]
        assert where == [page], f"{ident}: label on pages {where}, TOC says {page}"
    assert case_pages == sorted(case_pages) and len(set(case_pages)) == len(case_pages), "one case per new page, in order"


def test_one_bookmark_per_case_pointing_at_its_page(toc, pdf, pages):
    pypdf = pytest.importorskip("pypdf", reason="pypdf is in Tests/e2e/requirements.txt")
    reader = pypdf.PdfReader(str(pdf))
    flat = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                flat.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    titles = [title for kind, _, title in toc if kind == "case"]
    case_marks = [(t, p) for depth, t, p in flat if depth == 1]
    assert [t for t, _ in case_marks] == titles
    assert [t for depth, t, _ in flat if depth == 0] == ["目录", "最佳实践案例"], flat
    numbered = [page for (kind, _, _), (_, page) in zip(toc, toc_numbers(pages)) if kind == "case"]
    assert [p for _, p in case_marks] == numbered, "bookmarks and the table of contents disagree"


def test_links_go_to_the_pages_of_the_pdf_and_nowhere_on_the_machine(pdf, toc):
    pypdf = pytest.importorskip("pypdf", reason="pypdf is in Tests/e2e/requirements.txt")
    reader = pypdf.PdfReader(str(pdf))
    inside, outside = 0, []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            action = a.get("/A") or {}
            if "/Dest" in a or action.get("/S") == "/GoTo":
                inside += 1
            else:
                outside.append(action.get("/URI"))
    assert inside >= len(toc), f"{inside} links within the PDF for {len(toc)} table of contents entries"
    assert all(uri and uri.startswith(("http://", "https://")) for uri in outside), outside


def test_chinese_text_is_extractable_and_fonts_are_embedded(pdf, pdf_site):
    import json
    cases = [c for c in json.loads((pdf_site / "data" / "cases.json").read_text(encoding="utf-8"))["cases"]
             if c["id"].startswith("cn-b4-")]
    text = squeeze(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    for c in cases:
        assert squeeze(c["title"]) in text, c["id"]
        first = re.sub(r"[*_`\\#>|]", "", c["sections"][0]["markdown"])[:40]
        assert squeeze(first) in text, f"{c['id']}: body text not extractable: {first}"
        assert squeeze(f"{c['source']['file']} 第 {c['source']['lines'][0]}–{c['source']['lines'][1]} 行") in text, c["id"]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts, "no fonts"
    for line in fonts:
        name, rest = line.split()[0], line.split()[-5:]
        assert rest[0] == "yes" and rest[2] == "yes", f"font not embedded with a ToUnicode map: {line}"


def test_the_pdf_is_made_by_the_pinned_weasyprint(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Producer:\s+WeasyPrint {re.escape(PINNED)}$", info, re.M), info


def test_the_same_site_gives_the_same_pdf(pdf, tmp_path):
    again = tmp_path / "site"
    result = build(again, "--pdf", env=dict(os.environ, CASEBOOK_PDF_ONLY=HANDBOOK))
    assert result.returncode == 0, result.stderr
    assert (again / "handbooks" / f"{HANDBOOK}.pdf").read_bytes() == pdf.read_bytes()


def test_without_weasyprint_pdf_fails_and_says_what_to_run(tmp_path):
    # Run from a folder with no .venv, the content's folder has none, nothing on PATH, no setting.
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "CASEBOOK_WEASYPRINT"}
    result = build(tmp_path / "site", "--pdf", env=dict(env, PATH=str(empty)), cwd=tmp_path)
    assert result.returncode != 0
    said = result.stderr
    assert "--pdf needs WeasyPrint, and there is none" in said, said
    assert f"no {CONTENT.parent}/.venv/bin/weasyprint, no {tmp_path}/.venv/bin/weasyprint, no `weasyprint` on PATH" in said, said
    assert "in a clone of Casebook, `make pdf` installs what is missing" in said, said
    assert f"python3 -m venv .venv && .venv/bin/pip install weasyprint=={PINNED}" in said, said
    assert "[pdf.no-weasyprint]" in said and not (tmp_path / "site").exists(), said
