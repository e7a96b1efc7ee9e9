"""Shared fixtures for the browser tests: a freshly built site, a loopback http server for it, headless Chromium.

Environment overrides (for quick local runs):
  CASEBOOK_BIN   the casebook binary to build with (`make e2e` passes the release archive's, .build-dist/release/casebook;
                 default: .build/release/casebook, else .build/debug/casebook)
  CASEBOOK_SITE  an already built site folder to test instead of building one
"""
import functools
import http.server
import html
import os
import re
import subprocess
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPO = Path(__file__).resolve().parents[2]
# The main fixture: the five real texts with their metadata and reference data. Tests never read the live Content/,
# which is the user's: adding a batch there must not break a test.
CONTENT = REPO / "Tests" / "Fixtures" / "real" / "Content"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def casebook_binary() -> Path:
    if os.environ.get("CASEBOOK_BIN"):
        return Path(os.environ["CASEBOOK_BIN"])
    for build in ("release", "debug"):
        binary = REPO / ".build" / build / "casebook"
        if binary.exists():
            return binary
    pytest.fail("no casebook binary: run `swift build -c release --product casebook` (make e2e does)")


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The site built from the real-texts fixture and Templates/ into a temporary folder, once per test session."""
    if os.environ.get("CASEBOOK_SITE"):
        return Path(os.environ["CASEBOOK_SITE"]).resolve()
    out = tmp_path_factory.mktemp("casebook") / "site"
    result = subprocess.run(
        [str(casebook_binary()), "build", "--quiet", "--output", str(out),
         "--content", str(CONTENT), "--templates", str(REPO / "Templates")],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, f"casebook build failed:\n{result.stderr}"
    assert (out / "index.html").exists()
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def http_server(site_dir):
    """site_dir served over http on 127.0.0.1 at a free port; yields the base URL, ending in `/`."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def make_browser(width: int = 1280, height: int = 900) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (desktop size), shared by the session."""
    driver = make_browser()
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


LINK_TAG = re.compile(r"""(?is)<(a|link|script|img|iframe|source)\b[^>]*?\s(href|src)\s*=\s*("([^"]*)"|'([^']*)')""")
# <meta http-equiv="refresh" content="0; url=…">: a redirect page's target is a link like any other.
REFRESH_TAG = re.compile(r"""(?is)<meta\b[^>]*?\shttp-equiv\s*=\s*["']refresh["'][^>]*?\scontent\s*=\s*"[0-9]+\s*;\s*url=([^"]*)(?=")""")


def refresh_target(text: str):
    """The target of a page's meta refresh (relative to the page, unescaped), or None."""
    m = REFRESH_TAG.search(text)
    return html.unescape(m.group(1)) if m else None


def link_problems(root: Path):
    """Every href/src and meta refresh of every page below `root`: local targets must exist and stay inside `root`,
    fragments must name an id of the target page, and nothing but links may point at another host. A link to a folder
    is a problem too: from disk (file://) a folder does not open its index.html, so links name it.
    Returns (problems, number of references checked)."""
    problems, checked = [], 0
    root = root.resolve()
    for page in sorted(root.rglob("*.html")):
        text = re.sub(r"(?is)(<script\b[^>]*>).*?</script>", r"\1</script>", page.read_text(encoding="utf-8"))
        text = re.sub(r"(?s)<!--.*?-->", "", text)
        where = page.relative_to(root).as_posix()
        refs = [(m.group(1).lower(), html.unescape(m.group(4) if m.group(4) is not None else m.group(5))) for m in LINK_TAG.finditer(text)]
        refresh = refresh_target(text)
        if refresh is not None:
            refs.append(("meta", refresh))
        for tag, raw in refs:
            checked += 1
            u = urlsplit(raw)
            if u.scheme in ("http", "https") or raw.startswith("//"):
                if tag != "a":
                    problems.append(f"{where}: loads {raw} from another host")
                continue
            if u.scheme or not u.path:
                continue
            if u.path.startswith("/"):
                problems.append(f"{where}: absolute link {raw}")
                continue
            target = (page.parent / unquote(u.path)).resolve()
            if root not in target.parents and target != root:
                problems.append(f"{where}: {raw} leaves the site")
                continue
            if target.is_dir() or u.path.endswith("/"):
                problems.append(f"{where}: links the folder {raw}, which does not open from disk; name its index.html")
                continue
            if not target.exists():
                problems.append(f"{where}: broken link {raw}")
            elif u.fragment and target.suffix == ".html" and f'id="{u.fragment}"' not in target.read_text(encoding="utf-8"):
                problems.append(f"{where}: no #{u.fragment} in {u.path}")
    return problems, checked
