#!/usr/bin/env python3
"""Build benchmark: casebook against Hugo and against a floor, in one run, on corpora of about 1k, 10k and 100k cases.

Usage: scripts/bench_build.py [--sizes 1k,10k,100k] [--binary .build/release/casebook] [--skip-hugo] [--pdf] [--write-readme]

Each corpus is the five real texts of the test fixture (Tests/Fixtures/real/Content, never the live Content/) copied
under new slugs and batch names until it holds about the asked number of cases. For each corpus, one run each:

  casebook cold         `casebook build --no-cache` (a plain build when the binary has no --no-cache) into an
                        empty output folder
  casebook no change    the same build again, nothing changed
  casebook one sentence the same build after one sentence of one copy's text changed; three times in a row (the same
                        sentence changed again each time), the median of the three (peak: the highest) — a step of
                        a few seconds on a shared machine is the one most moved by a moment of other load
  hugo cold / no change / one sentence
                        Debian's `hugo` building the same cases from `casebook export --format markdown`, with
                        taxonomy term pages for batches, zones, categories and kinds (paginated by 50 as casebook's
                        listings are); the one-sentence step edits the same sentence in the exported Markdown
  casebook serve edit   `casebook serve` (default polling) on the site of the step before; one more sentence of the
                        same text changed; seconds from the write until the served case page shows it (an open
                        page asks every 0.5 s whether to reload, which this does not count)
  floor                 scripts/floor/floor.c: libcmark-gfm renders every exported Markdown file to HTML and writes
                        filler files until it has written as many files as casebook's site holds

With --pdf, after the corpora, on the five real texts alone (the fixture, as the real site; corpus `pdf`):

  casebook cold         `casebook build --no-cache`, for comparison
  casebook --pdf        `casebook build --pdf --no-cache`: the same build and every handbook as a PDF (WeasyPrint:
                        CASEBOOK_WEASYPRINT, else the project's .venv/bin/weasyprint, which `make pdf` installs); the
                        step names how many PDFs and how many MB; "of cold" is its time against the build without PDFs

Columns: seconds (wall), peak MiB (Maximum resident set size from /usr/bin/time -v), files rewritten (files of the
output folder that are new or have another inode or mtime than before the step; for a cold step, every file written),
ratio to Hugo (the same step), ratio to floor, and the step's time as a share of the same tool's cold build.
Rows are printed (flushed) as soon as they are known; standard error logs each step with its CPU seconds and the load. Timings live here, never in unit tests; the machine is shared,
so ratios are only compared within one run. Everything is generated under one temporary folder, removed at the end
(also on Ctrl-C or SIGTERM). `--write-readme` puts the table between `<!-- bench:start -->` and `<!-- bench:end -->`
in README.md and docs/benchmarks.md."""
import argparse, os, platform, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "Tests" / "Fixtures" / "real" / "Content"
CASES_PER_COPY = 126  # the five real texts; checked against the build's own count below
EDITED_STEM = "000_c9fdf2d4b16943f6"  # the 广西 compilation: the copy whose sentence changes
EDIT_MARK = "（本句已修改）"
SERVE_MARK = "（预览时修改）"
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
COLUMNS = ["corpus", "cases", "step", "seconds", "peak MiB", "files rewritten", "ratio to Hugo", "ratio to floor", "of cold"]


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def parse_size(s):
    s = s.strip().lower()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(k?)", s)
    if not m:
        sys.exit(f"bench: bad size {s!r} (expected e.g. 1k, 10k, 100k, 500)")
    return s, int(float(m.group(1)) * (1000 if m.group(2) else 1))


# ---------------------------------------------------------------- corpus

def make_content(dst: Path, copies: int):
    """The fixture's data and settings, and `copies` copies of its five texts: copy 0 as it is, copy k with slug
    `<slug>-c<k>` and batch name `<name>·副本<k>`, so that every copy is its own batch (as many batch pages in Hugo
    as in casebook)."""
    shutil.copytree(FIXTURE / "data", dst / "data")
    shutil.copy(FIXTURE / "site.yaml", dst / "site.yaml")
    src, out = FIXTURE / "sources", dst / "sources"
    out.mkdir(parents=True)
    texts = sorted(src.glob("*.txt"))
    for k in range(copies):
        for txt in texts:
            stem = txt.stem if k == 0 else f"{txt.stem}-copy{k}"
            shutil.copy(txt, out / f"{stem}.txt")
            meta = (src / f"{txt.stem}.yaml").read_text(encoding="utf-8")
            if k:
                meta = re.sub(r"^slug: (\S+)", lambda m: f"slug: {m.group(1)}-c{k}", meta, count=1, flags=re.M)
                meta = re.sub(r"(^batch: \{.*?name: )([^,}]+)", lambda m: f"{m.group(1)}{m.group(2).strip()}·副本{k}", meta,
                              count=1, flags=re.M)
                # A copy is no document of the real issuer: its own issuer (so no two documents claim one batch of one
                # issuer) and a batch name the text does not state (attributed).
                meta = re.sub(r"(^issuer: \{value: )([^,}]+)", lambda m: f"{m.group(1)}{m.group(2).strip()}（副本{k}）", meta,
                              count=1, flags=re.M)
                meta = re.sub(r"(^batch: \{.*?basis: )stated", r"\1attributed", meta, count=1, flags=re.M)
            (out / f"{stem}.yaml").write_text(meta, encoding="utf-8")


# The one-sentence rebuild is timed this many times in a row; the table shows the median.
ONE_SENTENCE_RUNS = 3


def pick_sentence(text: str):
    """A sentence of the body to change: in a long line past the middle of the text that ends a sentence with `。`
    (not a title, not a page number). Returns (offset of the `。`, the 12 characters before it)."""
    lines = text.split("\n")
    start = len(lines) // 2
    offset = sum(len(l) + 1 for l in lines[:start])
    for line in lines[start:]:
        i = line.find("。")
        if len(line) >= 40 and i >= 20 and not re.match(r"\s*[（(]?[0-9一二三四五六七八九十]+[、.．)）]", line):
            return offset + i, line[i - 12:i]
        offset += len(line) + 1
    sys.exit("bench: found no sentence to change")


def edit_sentence(path: Path):
    """Changes one sentence of the text at `path`; returns the 12 characters before the change (to find it again)."""
    text = path.read_text(encoding="utf-8")
    at, before = pick_sentence(text)
    path.write_text(text[:at] + EDIT_MARK + text[at:], encoding="utf-8")
    return before


# ---------------------------------------------------------------- measuring

class Failed(Exception):
    pass


def timed(cmd, cwd=None, env=None):
    """Runs `cmd` under /usr/bin/time -v: (wall seconds, peak MiB, stdout)."""
    t0 = time.monotonic()
    # Its own process group, so that an interrupted run stops the measured program too, not only /usr/bin/time.
    proc = subprocess.Popen(["/usr/bin/time", "-v", *map(str, cmd)], cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate()
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    p = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        raise Failed(f"{' '.join(map(str, cmd[:3]))}… failed ({p.returncode}):\n{p.stderr[-3000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([0-9.]+)", p.stderr))
    # CPU seconds beside wall seconds show how much of the wall time other work on the machine took.
    log(f"  {wall:.2f} s wall, {cpu:.2f} s CPU (user + system), load average {os.getloadavg()[0]:.1f}")
    return wall, (int(rss.group(1)) / 1024 if rss else float("nan")), p.stdout


def snapshot(folder: Path):
    """relative path → (inode, mtime in ns) of every file under `folder`."""
    snap = {}
    for root, _, files in os.walk(folder):
        for f in files:
            st = os.lstat(os.path.join(root, f))
            snap[os.path.relpath(os.path.join(root, f), folder)] = (st.st_ino, st.st_mtime_ns)
    return snap


def rewritten(before, after):
    return sum(1 for p, v in after.items() if before.get(p) != v)


# ---------------------------------------------------------------- tools

def casebook_has_no_cache(binary: Path):
    p = subprocess.run([str(binary), "build", "--help"], capture_output=True, text=True)
    return "--no-cache" in p.stdout + p.stderr


def compile_floor(dst: Path):
    pkgs = ["libcmark-gfm"]
    if subprocess.run(["pkg-config", "--exists", "libcmark-gfm-extensions"]).returncode == 0:
        pkgs.append("libcmark-gfm-extensions")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", *pkgs], capture_output=True, text=True, check=True).stdout.split()
    exe = dst / "floor"
    subprocess.run(["gcc", "-O2", "-o", str(exe), str(ROOT / "scripts" / "floor" / "floor.c"), *flags], check=True)
    return exe


HUGO_CONFIG = """baseURL = "http://example.org/"
languageCode = "zh-CN"
defaultContentLanguage = "zh"
hasCJKLanguage = true
title = "Casebook benchmark"
paginate = 50
disableKinds = ["RSS"]
[taxonomies]
  batch = "batches"
  zone = "zones"
  category = "categories"
  kind = "kinds"
"""

# Minimal layouts: a page per case; paginated lists for the section, each taxonomy's term list and each term.
HUGO_LAYOUTS = {
    "_default/baseof.html": '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
                            '<body><nav><a href="{{ "/" | relURL }}">首页</a></nav>{{ block "main" . }}{{ end }}</body></html>\n',
    "_default/single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Year }}'
                            '{{ range .Params.batches }} · {{ . }}{{ end }}{{ range .Params.zones }} · {{ . }}{{ end }}'
                            '{{ range .Params.categories }} · {{ . }}{{ end }}{{ range .Params.kinds }} · {{ . }}{{ end }}</p>'
                            '{{ .Content }}</article>{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}'
                          '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>'
                          '{{ with .Paginator.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}{{ end }}\n',
    "_default/terms.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}'
                           '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}\n',
    "index.html": '{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>{{ range .Site.Taxonomies }}'
                  '<li>{{ len . }}</li>{{ end }}</ul>{{ end }}\n',
}


def make_hugo_site(site: Path, markdown: Path):
    (site / "content").mkdir(parents=True)
    shutil.copytree(markdown, site / "content" / "cases", ignore=shutil.ignore_patterns(".*"))
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for rel, text in HUGO_LAYOUTS.items():
        (site / "layouts" / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / rel).write_text(text, encoding="utf-8")


def edit_markdown(folder: Path, slug_prefix: str, before: str):
    """Applies the sentence change to the exported Markdown of the changed copy: the file of `slug_prefix` holding
    `before`. Returns False when it is not found (the caller then exports again)."""
    for md in sorted(folder.glob(f"{slug_prefix}-*.md")):
        text = md.read_text(encoding="utf-8")
        i = text.find(before + "。")
        if i >= 0:
            md.write_text(text[:i + len(before)] + EDIT_MARK + text[i + len(before):], encoding="utf-8")
            return True
    return False


# ---------------------------------------------------------------- table

def fmt_ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b else "—"


class Table:
    def __init__(self):
        self.lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join(["---"] * 3 + ["---:"] * (len(COLUMNS) - 3)) + "|"]
        for line in self.lines:
            print(line, flush=True)

    def row(self, corpus, cases, step, seconds, mib, files, hugo=None, floor=None, cold=None):
        cells = [corpus, f"{cases:,}", step, f"{seconds:.2f}", "—" if mib is None else f"{mib:.0f}", "—" if files is None else f"{files:,}",
                 fmt_ratio(seconds, hugo), fmt_ratio(seconds, floor),
                 f"{100 * seconds / cold:.0f} %" if cold else "—"]
        line = "| " + " | ".join(cells) + " |"
        self.lines.append(line)
        print(line, flush=True)


def tool_versions(binary: Path, skip_hugo: bool):
    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
        except OSError:
            return ""
    hugo = "" if skip_hugo else re.sub(r"\s+BuildDate.*", "", out(["hugo", "version"]))
    cmark = out(["pkg-config", "--modversion", "libcmark-gfm"])
    commit = out(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    return f"casebook at {commit or '?'} ({binary.name})" + (f", {hugo}" if hugo else "") + f", libcmark-gfm {cmark}"


def serve_edit(binary, content: Path, site: Path, edited: Path, page: str):
    """`casebook serve` on the built site, one more sentence of `edited` changed: seconds from the write until the
    served `page` shows it (None when it does not within 120 s)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "serve", "--content", content, "--templates", ROOT / "Templates", "--output", site,
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{page}"

    def fetch():
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8", errors="replace")
    try:
        end = time.time() + 600
        while True:
            try:
                fetch()
                break
            except OSError:
                if time.time() > end or proc.poll() is not None:
                    return None
                time.sleep(0.2)
        time.sleep(1)  # the watcher has taken its first look
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace(EDIT_MARK, EDIT_MARK + SERVE_MARK, 1), encoding="utf-8")
        start = time.perf_counter()
        while time.perf_counter() - start < 120:
            if SERVE_MARK in fetch():
                return time.perf_counter() - start
            time.sleep(0.02)
        return None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


# ---------------------------------------------------------------- one corpus

def bench_corpus(label, target, a, table, tmp: Path, floor_exe: Path, no_cache: bool):
    binary = Path(a.binary).resolve()
    copies = max(1, round(target / CASES_PER_COPY))
    work = tmp / label
    work.mkdir()
    content, site = work / "Content", work / "Site"
    log(f"{label}: writing {copies} copies of the five texts")
    make_content(content, copies)
    build = [binary, "build", "--content", content, "--templates", ROOT / "Templates", "--output", site, "-q"]

    # Markdown for Hugo and the floor (not timed: it is casebook's work, shared by both).
    markdown = work / "markdown"
    log(f"{label}: exporting Markdown")
    p = subprocess.run([binary, "export", "--format", "markdown", "--content", content, "--templates", ROOT / "Templates",
                        "--output", markdown], cwd=work, capture_output=True, text=True)
    if p.returncode != 0:
        raise Failed(f"export failed:\n{p.stderr[-3000:]}")
    cases = sum(1 for _ in markdown.glob("*.md"))

    hugo = {}
    if not a.skip_hugo:
        hsite = work / "hugo"
        make_hugo_site(hsite, markdown)
        env = dict(os.environ, HUGO_CACHEDIR=str(work / "hugo-cache"))
        hugo_cmd = ["hugo", "--quiet", "-s", hsite, "-d", hsite / "public"]
        log(f"{label}: hugo cold")
        s, m, _ = timed(hugo_cmd, cwd=hsite, env=env)
        hfiles = snapshot(hsite / "public")
        hugo["cold"] = (s, m, len(hfiles))
        log(f"{label}: hugo, nothing changed")
        s, m, _ = timed(hugo_cmd, cwd=hsite, env=env)
        after = snapshot(hsite / "public")
        hugo["none"] = (s, m, rewritten(hfiles, after))
        hfiles = after

    log(f"{label}: casebook cold ({cases:,} cases)")
    s, m, _ = timed(build + (["--no-cache"] if no_cache else []), cwd=work)
    files = snapshot(site)
    cold = (s, m, len(files))

    log(f"{label}: floor")
    fs, fm, fout = timed([floor_exe, markdown, work / "floor", len(files)], cwd=work)
    floor = fs
    table.row(label, cases, "casebook cold", *cold, hugo=hugo.get("cold", (None,))[0], floor=floor)
    if hugo:
        table.row(label, cases, "hugo cold", *hugo["cold"], floor=floor)
    table.row(label, cases, "floor (cmark-gfm + writes)", fs, fm, int(fout.split()[2]))
    shutil.rmtree(work / "floor")

    log(f"{label}: casebook, nothing changed")
    s, m, _ = timed(build, cwd=work)
    after = snapshot(site)
    table.row(label, cases, "casebook no change", s, m, rewritten(files, after), hugo=hugo.get("none", (None,))[0], floor=floor, cold=cold[0])
    if hugo:
        table.row(label, cases, "hugo no change", *hugo["none"], floor=floor, cold=hugo["cold"][0])
    files = after

    edited = content / "sources" / f"{EDITED_STEM}-copy{copies - 1}.txt" if copies > 1 else content / "sources" / f"{EDITED_STEM}.txt"
    slug = re.search(r"^slug: (\S+)", edited.with_suffix(".yaml").read_text(encoding="utf-8"), re.M).group(1)
    runs = []
    for run in range(ONE_SENTENCE_RUNS):
        # The same sentence each time (one more mark before its `。`): each run is a one-sentence change.
        changed = edit_sentence(edited)
        before = changed if run == 0 else before
        log(f"{label}: casebook, one sentence changed in {edited.name} (run {run + 1} of {ONE_SENTENCE_RUNS})")
        s, m, _ = timed(build, cwd=work)
        after = snapshot(site)
        shown = any(EDIT_MARK * (run + 1) in (site / p).read_text(encoding="utf-8", errors="replace")
                    for p in after if p.startswith(f"cases/{slug}-"))
        if not shown:
            log(f"{label}: WARNING: no case page shows the changed sentence after the rebuild")
        runs.append((s, m, rewritten(files, after)))
        files = after
    median = sorted(runs)[len(runs) // 2]
    one = (median[0], max(r[1] for r in runs), median[2])

    if hugo:
        cases_dir = hsite / "content" / "cases"
        if not edit_markdown(cases_dir, slug, before):
            log(f"{label}: the sentence is not in the Markdown as printed; exporting again")
            shutil.rmtree(markdown)
            subprocess.run([binary, "export", "--format", "markdown", "--content", content, "--templates", ROOT / "Templates",
                            "--output", markdown], cwd=work, capture_output=True, check=True)
            for md in markdown.glob(f"{slug}-*.md"):
                if md.read_bytes() != (cases_dir / md.name).read_bytes():
                    shutil.copy(md, cases_dir / md.name)
        log(f"{label}: hugo, one sentence changed")
        s, m, _ = timed(hugo_cmd, cwd=hsite, env=env)
        hugo["one"] = (s, m, rewritten(hfiles, snapshot(hsite / "public")))

    table.row(label, cases, f"casebook one sentence (median of {ONE_SENTENCE_RUNS})", *one, hugo=hugo.get("one", (None,))[0], floor=floor, cold=cold[0])
    if hugo:
        table.row(label, cases, "hugo one sentence", *hugo["one"], floor=floor, cold=hugo["cold"][0])
    page = next((p for p in sorted(after) if p.startswith(f"cases/{slug}-") and EDIT_MARK in (site / p).read_text(encoding="utf-8", errors="replace")), None)
    if page:
        log(f"{label}: casebook serve, one more sentence changed in {edited.name}")
        shown = serve_edit(binary, content, site, edited, page)
        if shown is None:
            log(f"{label}: WARNING: the served page did not show the change within 120 s")
        else:
            table.row(label, cases, "casebook serve edit", shown, None, None, cold=cold[0])
    # The corpus stays until the run ends (the temporary folder goes then): on ext4 without a journal (these machines)
    # creating a file costs far more for a while after many were deleted, since the kernel steps over the recently
    # freed inodes one by one, and the next corpus's folder is made where this one's inodes were freed. Deleting the
    # 10k corpus here made the next cold build spend 49 s of CPU instead of 33.


# ---------------------------------------------------------------- README

def bench_pdf(table, tmp: Path, binary: Path, no_cache: bool):
    """Every handbook of the real texts as a PDF, against the same build without them."""
    work = tmp / "pdf"
    work.mkdir()
    build = [binary, "build", "--content", FIXTURE, "--templates", ROOT / "Templates", "-q"] + (["--no-cache"] if no_cache else [])
    log("pdf: casebook cold, without PDFs")
    s, m, _ = timed(build + ["--output", work / "plain"], cwd=work)
    files = snapshot(work / "plain")
    cases = len([p for p in files if p.startswith("cases/") and p.endswith(".html")])
    table.row("pdf", cases, "casebook cold", s, m, len(files))
    log("pdf: casebook cold --pdf")
    ps, pm, _ = timed(build + ["--output", work / "site", "--pdf"], cwd=work)
    pdfs = sorted((work / "site" / "handbooks").glob("*.pdf"))
    mb = sum(p.stat().st_size for p in pdfs) / 1e6
    table.row("pdf", cases, f"casebook --pdf ({len(pdfs)} PDFs, {mb:.1f} MB)", ps, pm, len(snapshot(work / "site")), cold=s)
    shutil.rmtree(work)


def weasyprint_version():
    exe = os.environ.get("CASEBOOK_WEASYPRINT") or shutil.which("weasyprint") or ""
    try:
        return subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60).stdout.strip() if exe else ""
    except OSError:
        return ""


def write_readme(block: str):
    for path in [ROOT / "README.md", ROOT / "docs" / "benchmarks.md"]:
        text = path.read_text(encoding="utf-8")
        start, end = text.find(MARKERS[0]), text.find(MARKERS[1])
        if start < 0 or end < start:
            log(f"no {MARKERS[0]} … {MARKERS[1]} in {path.relative_to(ROOT)}: not written")
            continue
        text = text[:start + len(MARKERS[0])] + "\n" + block + "\n" + text[end:]
        path.write_text(text, encoding="utf-8")
        log(f"wrote the table into {path.relative_to(ROOT)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1k,10k,100k", help="corpus sizes in cases (default 1k,10k,100k)")
    ap.add_argument("--binary", default=str(ROOT / ".build/release/casebook"))
    ap.add_argument("--skip-hugo", action="store_true", help="do not run Hugo (no ratio to Hugo)")
    ap.add_argument("--pdf", action="store_true", help="also time `casebook build --pdf` on the real texts (every handbook as a PDF)")
    ap.add_argument("--write-readme", action="store_true", help="put the table into README.md and docs/benchmarks.md")
    ap.add_argument("--tmp", default=None, help="where the corpora are generated (default: the system's temporary folder)")
    a = ap.parse_args()
    sizes = [parse_size(s) for s in a.sizes.split(",") if s.strip()]
    binary = Path(a.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"bench: no casebook binary at {binary} (swift build -c release --product casebook)")
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("bench: /usr/bin/time is missing (scripts/ensure-deps bench)")
    if not a.skip_hugo and shutil.which("hugo") is None:
        sys.exit("bench: hugo is missing (scripts/ensure-deps bench, or --skip-hugo)")
    if a.pdf and not os.environ.get("CASEBOOK_WEASYPRINT"):
        # The runs are in a temporary folder, where casebook would not find the project's venv by itself.
        venv = ROOT / ".venv" / "bin" / "weasyprint"
        if not os.access(venv, os.X_OK):
            sys.exit(f"bench: --pdf needs WeasyPrint at {venv.relative_to(ROOT)} (make pdf-deps) or CASEBOOK_WEASYPRINT")
        os.environ["CASEBOOK_WEASYPRINT"] = str(venv)

    # Ctrl-C and SIGTERM end the run through the `with` below, which removes the temporary folder.
    def interrupted(*_):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupted)
    load = os.getloadavg()[0]
    no_cache = casebook_has_no_cache(binary)
    machine = (f"{date.today().isoformat()}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
               f"load average {load:.1f} at the start; {tool_versions(binary, a.skip_hugo)}"
               + (f", {weasyprint_version() or 'WeasyPrint'}" if a.pdf else "") + "; cold = "
               + ("`build --no-cache`" if no_cache else "a build into an empty folder (no --no-cache yet)"))
    log(machine)
    table = Table()
    if a.tmp:
        Path(a.tmp).mkdir(parents=True, exist_ok=True)  # --tmp names a folder that may not exist yet
    try:
        with tempfile.TemporaryDirectory(prefix="casebook-bench-", dir=a.tmp) as tmp:
            floor_exe = compile_floor(Path(tmp))
            for label, target in sizes:
                bench_corpus(label, target, a, table, Path(tmp), floor_exe, no_cache)
            if a.pdf:
                bench_pdf(table, Path(tmp), binary.resolve(), no_cache)
    except Failed as e:
        sys.exit(f"bench: {e}")
    except KeyboardInterrupt:
        sys.exit("bench: interrupted; temporary files removed")
    print(f"\n{machine}", flush=True)
    if a.write_readme:
        write_readme("\n".join(table.lines) + "\n\n" + machine)


if __name__ == "__main__":
    main()
