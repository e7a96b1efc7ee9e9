"""`casebook serve`: a preview on 127.0.0.1 that rebuilds on changes and makes open pages reload."""
import contextlib
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from conftest import CONTENT, casebook_binary

ROOT = Path(__file__).resolve().parents[2]


def binary():
    return casebook_binary()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.read().decode("utf-8")


def wait_for(predicate, seconds=60):
    end = time.time() + seconds
    while time.time() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@contextlib.contextmanager
def serving(tmp_path, templates=ROOT / "Templates", log=None):
    """`casebook serve` on a copy of the fixture's content in `tmp_path`, polling every 0.2 s: yields the content
    folder and the base URL once the server answers; stops it after. With `log` (a list), each line of its standard
    error is appended to it as the server writes it, so a test can wait for a line."""
    content = tmp_path / "Content"
    shutil.copytree(CONTENT, content)
    port = free_port()
    proc = subprocess.Popen(
        [str(binary()), "serve", "--content", str(content), "--templates", str(templates),
         "--output", str(tmp_path / "Site"), "--port", str(port), "--poll", "200"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    lines = log if log is not None else []

    def read():
        for line in proc.stderr:
            lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert wait_for(lambda: get(base + "/")[0] == 200), "server did not come up"
        yield content, base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(timeout=10)


def test_serve_rebuilds_on_change_and_pages_reload(tmp_path):
    with serving(tmp_path) as (content, base):
        status, html = get(base + "/cases/gx-b2-pilot-01.html")
        assert status == 200 and "“产业+安置”综合征地安置新模式" in html
        assert "/__casebook/version" in html, "served pages carry the reload script"
        assert "/__casebook/version" not in (tmp_path / "Site" / "index.html").read_text(encoding="utf-8"), \
            "the built files themselves stay clean"
        v0 = get(base + "/__casebook/version")[1]
        site_yaml = content / "site.yaml"
        site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("自贸试验区制度创新案例库", "预览测试站"), encoding="utf-8")
        assert wait_for(lambda: get(base + "/__casebook/version")[1] != v0), "no rebuild after a change"
        assert "预览测试站" in get(base + "/index.html")[1]
        # Outside the site folder is never served.
        try:
            code = get(base + "/../Content/site.yaml")[0]
        except urllib.error.HTTPError as e:
            code = e.code
        assert code in (403, 404)


def test_a_failed_rebuild_shows_an_overlay_in_the_open_page_until_fixed(tmp_path, browser):
    """Hugo/Zola-style: the open page says the rebuild failed (with the diagnostics) instead of looking current."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    templates = tmp_path / "Templates"
    (templates / "html").mkdir(parents=True)  # empty: the built-in templates are used
    with serving(tmp_path, templates) as (_, base):
        browser.get(base + "/stats.html")
        assert not browser.find_elements(By.ID, "casebook-error")
        bad = templates / "html" / "stats.mustache"
        bad.write_text("{{<base}}{{$content}}{{titel}}{{/content}}{{/base}}\n", encoding="utf-8")
        overlay = WebDriverWait(browser, 60).until(lambda d: d.find_element(By.ID, "casebook-error"))
        assert "Templates/html/stats.mustache:1:" in overlay.text and "titel" in overlay.text, overlay.text
        assert overlay.is_displayed()
        bad.unlink()
        WebDriverWait(browser, 60).until(lambda d: not d.find_elements(By.ID, "casebook-error"))
        assert "统计" in browser.title


def test_an_edited_sentence_shows_before_the_full_rebuild(tmp_path):
    """Hugo's fast render: the pages of an edited text are served at once, then the full build replaces them."""
    log = []
    with serving(tmp_path, log=log) as (content, base):
        page = base + "/cases/gx-b7-pilot-03.html"
        source = content / "sources" / "001_322868cfa422d5d4.txt"
        text = source.read_text(encoding="utf-8")
        assert "物联网、自动控制" in text
        before = get(page)[1]
        assert "物联网、自动控制" in before
        source.write_text(text.replace("物联网、自动控制", "物联网和自动控制（预览）"), encoding="utf-8")
        assert wait_for(lambda: "物联网和自动控制（预览）" in get(page)[1], seconds=30), "the page does not show the edit"
        # The full build follows: the site on disk shows it too.
        built = tmp_path / "Site" / "cases" / "gx-b7-pilot-03.html"
        assert wait_for(lambda: "（预览）" in built.read_text(encoding="utf-8"), seconds=60), "no full rebuild after the preview"
        # The site on disk is swapped in before the server says so: wait for its line, not only for the file.
        assert wait_for(lambda: "rebuilt in" in "".join(log), seconds=30), "the rebuild was never reported"
    err = "".join(log)
    shown = err.find("001_322868cfa422d5d4.txt: ")
    rebuilt = err.find("rebuilt in")
    assert 0 <= shown < rebuilt, f"the pages are shown before the rebuild:\n{err}"
