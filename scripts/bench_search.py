#!/usr/bin/env python3
"""Casebook search against Pagefind on the same built site, in headless Chromium over loopback http (127.0.0.1 only).

Per query: recall against the cases whose text holds the query, results that do not hold it, bytes loaded (index files,
with the engine's own code counted apart), and the time from a cold page to the first ten results shown.
With --scale it also times Casebook on the synthetic 10,000-case index written by SearchScaleTests.

    .venv/bin/pip install 'pagefind[extended]'        # once
    .venv/bin/python scripts/bench_search.py [--site DIR] [--scale DIR] [--runs 3] [--write docs/search.md]

Needs selenium, pagefind[extended], /usr/bin/chromium and /usr/bin/chromedriver. Builds the site with
.build/release/casebook (else .build/debug/casebook) into a temporary folder unless --site is given.
"""
import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import unicodedata
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[1]

# Substrings a reader might type; several cross the words a segmenter would cut (测合, 区管委, 验区南宁, 一单制…).
QUERIES = [
    "多测合一", "一单制", "票e真", "关银一KEY通", "关银一 KEY 通", "RCEP", "rcep", "5G", "片区管委", "1+N", "1＋N",
    "跨境电商", "单一窗口", "共享盾", "营商环境", "多式联运", "一码通办", "东盟", "海关", "盾",
    "测合", "区管委", "验区南宁", "跨境 南宁", "川渝一体化项目合作备忘录",
]
SCALE_QUERIES = ["多测合一", "一单制", "票e真", "关银一KEY通", "关银一 KEY 通", "RCEP", "5G", "片区管委", "1＋N",
                 "跨境 南宁", "企业", "的", "自由贸易试验区", "海关 企业 通关 便利"]

PAGEFIND_PAGE = """<!doctype html>
<meta charset="utf-8"><title>pagefind bench</title>
<script type="module">
const q = new URLSearchParams(location.search).get("q");
const t0 = performance.now();
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
const search = await pagefind.search(q);
const first = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
window.benchSearch = search;
window.benchFirst = { ms: performance.now() - t0, count: search.results.length, urls: first.map(d => d.url) };
</script>
"""


# --------------------------------------------------------------------------- serving with a byte count


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as any real server
    served = []  # (path, body bytes)

    def copyfile(self, source, outputfile):
        data = source.read()
        CountingHandler.served.append((unquote(urlparse(self.path).path), len(data)))
        outputfile.write(data)

    def end_headers(self):
        # Nothing may come from a cache, the page's or a worker's: every query starts cold.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):
        pass


class Server:
    def __init__(self, folder: Path):
        handler = functools.partial(CountingHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def served(prefixes, exclude=()):
    """Body bytes served since the last reset under any of the path prefixes."""
    return sum(n for p, n in CountingHandler.served
               if any(p.startswith(x) for x in prefixes) and not any(p.startswith(x) for x in exclude))


def served_paths(prefixes, exclude=()):
    return [p for p, _ in CountingHandler.served
            if any(p.startswith(x) for x in prefixes) and not any(p.startswith(x) for x in exclude)]


def gzip_bytes(folder: Path, paths):
    return sum(len(gzip.compress((folder / p.lstrip("/")).read_bytes(), 6)) for p in paths)


# --------------------------------------------------------------------------- the browser


def browser():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    return driver


def wait_casebook(driver):
    WebDriverWait(driver, 60).until(
        lambda d: d.find_element(By.ID, "search-results").get_attribute("data-state") in ("done", "error"))
    assert driver.find_element(By.ID, "search-results").get_attribute("data-state") == "done", \
        driver.find_element(By.ID, "search-status").text


def casebook_all_ids(driver):
    def ids():
        return [li.get_attribute("data-case-id") for li in driver.find_elements(By.CSS_SELECTOR, "#search-results > li")]
    while True:
        more = driver.find_element(By.ID, "search-more")
        if not more.is_displayed():
            return ids()
        n = len(ids())
        more.click()
        WebDriverWait(driver, 60).until(lambda d: len(ids()) > n or not more.is_displayed())
        wait_casebook(driver)


def run_casebook(driver, base, folder, q, runs, recall=True):
    times, stats = [], None
    for _ in range(runs):
        CountingHandler.served.clear()
        driver.get(base + "search.html?q=" + quote(q))
        wait_casebook(driver)
        stats = driver.execute_script("return window.casebookSearchStats")
        times.append(stats["ms"])
    index_paths = served_paths(["/search/"])
    out = {
        "ms": statistics.median(times), "rank_ms": stats["rank"], "results": stats["results"],
        "bytes": served(["/search/"]), "gzip": gzip_bytes(folder, index_paths), "files": len(index_paths),
        "engine": served(["/assets/search.js"]),
    }
    if recall:
        out["ids"] = casebook_all_ids(driver)
    return out


PAGEFIND_ENGINE = ("/pagefind/pagefind.js", "/pagefind/wasm.", "/pagefind/pagefind-worker.js")


def run_pagefind(driver, base, q, runs):
    times, first = [], None
    for _ in range(runs):
        CountingHandler.served.clear()
        driver.get(base + "bench-pagefind.html?q=" + quote(q))
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return window.benchFirst || null"))
        first = driver.execute_script("return window.benchFirst")
        times.append(first["ms"])
    out = {"ms": statistics.median(times), "results": first["count"],
           "bytes": served(["/pagefind/"], PAGEFIND_ENGINE), "engine": served(PAGEFIND_ENGINE),
           "files": len(served_paths(["/pagefind/"], PAGEFIND_ENGINE))}
    out["gzip"] = out["bytes"]  # Pagefind's files are already compressed
    urls = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.all(window.benchSearch.results.map(r => r.data())).then(ds => done(ds.map(d => d.url)));")
    out["ids"] = [m.group(1) for u in urls for m in [re.search(r"cases/([^/]+?)\.html", u)] if m]
    return out


# --------------------------------------------------------------------------- what should be found


def fold(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s).casefold())


def case_texts(site: Path):
    cases = json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))["cases"]
    texts = {}
    for c in cases:
        parts = [c["title"], c.get("kicker") or "", c.get("summary") or "", c.get("scope") or ""]
        for key in ("providers", "submitters", "lead_units", "responsible_units", "authors"):
            parts += c.get(key) or []
        for s in c["sections"]:
            parts += [s.get("heading") or "", re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", s.get("markdown") or "")]
        texts[c["id"]] = "\n".join(fold(p) for p in parts)
    return texts


def truth(texts, q):
    terms = [fold(t) for t in q.split()]
    return {i for i, t in texts.items() if all(term in t for term in terms)}


# --------------------------------------------------------------------------- reports


def folder_bytes(folder: Path, pattern="**/*"):
    return sum(p.stat().st_size for p in folder.glob(pattern) if p.is_file())


def kb(n):
    return f"{n / 1000:.1f}"


def compare(site: Path, runs: int):
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        served_site = work / "site"
        shutil.copytree(site, served_site)
        py = sys.executable
        done = subprocess.run([py, "-m", "pagefind", "--site", str(served_site), "--glob", "cases/*.html"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit("pagefind failed (pip install 'pagefind[extended]'):\n" + done.stderr + done.stdout)
        (served_site / "bench-pagefind.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
        texts = case_texts(served_site)
        pf = served_site / "pagefind"
        sizes = {
            "casebook_index": folder_bytes(served_site / "search"),
            "casebook_index_gzip": gzip_bytes(served_site, [str(p.relative_to(served_site))
                                                            for p in (served_site / "search").rglob("*.js")]),
            "casebook_files": len([p for p in (served_site / "search").rglob("*") if p.is_file()]),
            "casebook_engine": (served_site / "assets" / "search.js").stat().st_size,
            "pagefind_index": sum(p.stat().st_size for p in pf.rglob("*") if p.is_file()
                                  and (p.parent.name in ("index", "fragment", "filter") or p.suffix == ".pf_meta"
                                       or p.name == "pagefind-entry.json")),
            "pagefind_files": len([p for p in pf.rglob("*") if p.is_file()]),
            "pagefind_engine": (pf / "pagefind.js").stat().st_size + sum(p.stat().st_size for p in pf.glob("wasm.*")),
        }
        rows = []
        driver = browser()
        try:
            with Server(served_site) as server:
                run_casebook(driver, server.base, served_site, "热身", 1, recall=False)  # warm the browser up
                run_pagefind(driver, server.base, "热身", 1)
                for q in QUERIES:
                    expected = truth(texts, q)
                    cb = run_casebook(driver, server.base, served_site, q, runs)
                    cb["file_ms"] = run_casebook(driver, served_site.as_uri() + "/", served_site, q, runs, recall=False)["ms"]
                    pfr = run_pagefind(driver, server.base, q, runs)
                    rows.append((q, expected, cb, pfr))
                    print(f"{q}: truth {len(expected)}, casebook {len(set(cb['ids']) & expected)}/{len(cb['ids'])}, "
                          f"pagefind {len(set(pfr['ids']) & expected)}/{len(pfr['ids'])}", file=sys.stderr)
        finally:
            driver.quit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return sizes, rows


def recall(found, expected):
    return 1.0 if not expected else len(set(found) & expected) / len(expected)


def compare_report(sizes, rows, runs):
    lines = [
        "| query | cases holding it | Casebook found | Pagefind found | Casebook extra | Pagefind extra "
        "| Casebook kB loaded (gzip) | Pagefind kB loaded | Casebook ms | Pagefind ms | Casebook ms from disk |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    cb_recall, pf_recall = [], []
    for q, expected, cb, pf in rows:
        cb_recall.append(recall(cb["ids"], expected))
        pf_recall.append(recall(pf["ids"], expected))
        lines.append(
            f"| `{q}` | {len(expected)} | {len(set(cb['ids']) & expected)} | {len(set(pf['ids']) & expected)} "
            f"| {len(set(cb['ids']) - expected)} | {len(set(pf['ids']) - expected)} "
            f"| {kb(cb['bytes'])} ({kb(cb['gzip'])}) | {kb(pf['bytes'])} | {cb['ms']:.0f} | {pf['ms']:.0f} | {cb['file_ms']:.0f} |")
    mean = statistics.mean
    lines += [
        "",
        f"Mean recall: Casebook {mean(cb_recall):.2f}, Pagefind {mean(pf_recall):.2f} "
        f"({sum(r == 1 for r in cb_recall)} and {sum(r == 1 for r in pf_recall)} of {len(rows)} queries complete).",
        f"Index on disk: Casebook {kb(sizes['casebook_index'])} kB ({kb(sizes['casebook_index_gzip'])} kB gzip-compressed) "
        f"in {sizes['casebook_files']} files "
        f"(engine search.js {kb(sizes['casebook_engine'])} kB); Pagefind {kb(sizes['pagefind_index'])} kB of compressed index and "
        f"fragments (engine pagefind.js + wasm {kb(sizes['pagefind_engine'])} kB; {sizes['pagefind_files']} files in pagefind/).",
        f"Bytes loaded per query, median: Casebook {kb(statistics.median(r[2]['bytes'] for r in rows))} kB "
        f"({kb(statistics.median(r[2]['gzip'] for r in rows))} kB if served gzipped) + {kb(sizes['casebook_engine'])} kB engine; "
        f"Pagefind {kb(statistics.median(r[3]['bytes'] for r in rows))} kB + {kb(rows[0][3]['engine'])} kB engine.",
        f"Time from a cold page (browser cache off) to the first ten results, median of {runs} runs per query: "
        f"Casebook {statistics.median(r[2]['ms'] for r in rows):.0f} ms over http and "
        f"{statistics.median(r[2]['file_ms'] for r in rows):.0f} ms from disk (of which ranking "
        f"{statistics.median(r[2]['rank_ms'] for r in rows):.1f} ms), Pagefind {statistics.median(r[3]['ms'] for r in rows):.0f} ms.",
    ]
    return "\n".join(lines)


def scale(site: Path, folder: Path, runs: int):
    if not (folder / "search" / "meta.js").exists():
        print(f"writing the synthetic 10,000-case index to {folder} (swift test)…", file=sys.stderr)
        env = dict(os.environ, SEARCH_SCALE_OUT=str(folder))
        subprocess.run(["swift", "test", "--disable-swift-testing", "--filter", "SearchScaleTests"], cwd=REPO, env=env, check=True)
    shutil.copy(site / "search.html", folder / "search.html")
    shutil.copytree(site / "assets", folder / "assets", dirs_exist_ok=True)
    rows = []
    driver = browser()
    try:
        with Server(folder) as server:
            run_casebook(driver, server.base, folder, "热身", 1, recall=False)
            for q in SCALE_QUERIES:
                r = run_casebook(driver, server.base, folder, q, runs, recall=False)
                rows.append((q, r))
                print(f"{q}: {r['results']} results, {kb(r['bytes'])} kB, {r['ms']:.0f} ms", file=sys.stderr)
    finally:
        driver.quit()
    lines = ["| query | results | files loaded | kB loaded (gzip) | ms to first page | of which ranking ms |",
             "|---|---:|---:|---:|---:|---:|"]
    for q, r in rows:
        lines.append(f"| `{q}` | {r['results']} | {r['files']} | {kb(r['bytes'])} ({kb(r['gzip'])}) | {r['ms']:.0f} | {r['rank_ms']:.1f} |")
    lines.append("")
    lines.append(f"Largest load {kb(max(r['bytes'] for _, r in rows))} kB; slowest {max(r['ms'] for _, r in rows):.0f} ms; "
                 f"median {statistics.median(r['ms'] for _, r in rows):.0f} ms (cold page, browser cache off, median of {runs} runs).")
    return "\n".join(lines)


def build_site(out: Path) -> Path:
    for build in ("release", "debug"):
        binary = REPO / ".build" / build / "casebook"
        if binary.exists():
            subprocess.run([str(binary), "build", "--quiet", "--output", str(out)], cwd=REPO, check=True)
            return out
    sys.exit("no casebook binary: swift build -c release --product casebook")


def write_section(path: Path, name: str, text: str):
    doc = path.read_text(encoding="utf-8")
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    if begin not in doc:
        sys.exit(f"{path} has no {begin} … {end} section")
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(head + begin + "\n" + text + "\n" + end + tail, encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, help="a built site (default: build one into a temporary folder)")
    ap.add_argument("--scale", type=Path, help="folder of the synthetic 10,000-case index (written by SearchScaleTests if missing)")
    ap.add_argument("--runs", type=int, default=3, help="cold runs per query; the median is reported")
    ap.add_argument("--write", type=Path, help="put the tables into this Markdown file's bench sections")
    args = ap.parse_args()

    tmp = None
    site = args.site
    if site is None:
        tmp = Path(tempfile.mkdtemp(prefix="bench-site-"))
        site = build_site(tmp / "site")
    try:
        sizes, rows = compare(site, args.runs)
        report = compare_report(sizes, rows, args.runs)
        print(report)
        if args.write:
            write_section(args.write, "bench", report)
        if args.scale:
            scale_report = scale(site, args.scale.resolve(), args.runs)
            print("\n" + scale_report)
            sizes_report = (args.scale / "scale-report.md").read_text(encoding="utf-8").strip()
            print("\n" + sizes_report)
            if args.write:
                write_section(args.write, "bench-scale", scale_report)
                write_section(args.write, "scale-test", sizes_report)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
