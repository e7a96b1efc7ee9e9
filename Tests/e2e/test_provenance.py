"""Provenance as a reader checks it: a case's source link lands on its lines and highlights them, the copy buttons
copy the citation, and cases.json keeps to its published schema. From disk (file://) and over http."""
import json
import os
import tempfile
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 20
SHOTS = Path(os.environ.get("CASEBOOK_SCREENSHOTS", tempfile.gettempdir())) / "casebook-screenshots"


@pytest.fixture(params=["file", "http"])
def base(request, site_dir):
    if request.param == "file":
        return site_dir.as_uri() + "/"
    return request.getfixturevalue("http_server")


@pytest.fixture(scope="module")
def cases(site_dir):
    return {c["id"]: c for c in json.loads((site_dir / "data" / "cases.json").read_text(encoding="utf-8"))["cases"]}


def highlighted(browser):
    return browser.execute_script("return [...document.querySelectorAll('li.hl')].map(li => li.id)")


def test_the_source_link_lands_on_the_case_lines_and_highlights_them(browser, base, cases):
    c = cases["cn-b5-best-04"]
    first, last = c["source"]["lines"]
    browser.get(base + "cases/cn-b5-best-04.html")
    link = browser.find_element(By.CSS_SELECTOR, "a.source-link")
    assert link.get_attribute("href").endswith(f"sources/003_cf3adbfb7b3756f8.html#L{first}-L{last}")
    link.click()
    WebDriverWait(browser, WAIT).until(lambda d: highlighted(d))
    ids = highlighted(browser)
    assert ids[0] == f"L{first}" and ids[-1] == f"L{last}" and len(ids) == last - first + 1
    # The first line is in view, near the top.
    top = browser.execute_script(f"return document.getElementById('L{first}').getBoundingClientRect().top")
    assert 0 <= top < 200, top
    assert browser.find_element(By.ID, f"L{first}").text.strip().startswith("4.")
    # Without the script the anchor still lands: the range's id is on the run that opens with its first line.
    opens = browser.execute_script(f"return document.getElementById('L{first}-L{last}').querySelector('li').id")
    assert opens == f"L{first}"
    # A heading's link highlights its one line.
    browser.back()
    heading = browser.find_element(By.CSS_SELECTOR, ".case-body h2 a.src-line")
    n = heading.text[1:]
    heading.click()
    WebDriverWait(browser, WAIT).until(lambda d: highlighted(d) == [f"L{n}"])
    # A hash typed on the page moves the highlight.
    browser.execute_script(f"location.hash = '#L{first}-L{first + 2}'")
    WebDriverWait(browser, WAIT).until(lambda d: highlighted(d) == [f"L{first}", f"L{first + 1}", f"L{first + 2}"])


def test_copy_buttons_copy_the_citations(browser, base):
    browser.get(base + "cases/gx-b2-pilot-01.html")
    # What the page hands to the clipboard, captured where the browser would write it.
    browser.execute_script("""
        window.__copied = [];
        if (navigator.clipboard) navigator.clipboard.writeText = function (t) { window.__copied.push(t); return Promise.resolve(); };
        document.addEventListener('copy', function () { window.__copied.push(String(window.getSelection())); });
    """)
    expected = {}
    for target in ["cite-text", "cite-gbt"]:
        expected[target] = browser.find_element(By.ID, target).text
        button = browser.find_element(By.CSS_SELECTOR, f'button[data-copy="{target}"]')
        label = button.text
        button.click()
        WebDriverWait(browser, WAIT).until(lambda d: button.text == "已复制")
        WebDriverWait(browser, WAIT).until(lambda d: button.text == label)
    copied = browser.execute_script("return window.__copied")
    assert copied[:2] == [expected["cite-text"], expected["cite-gbt"]]
    assert "000_c9fdf2d4b16943f6" not in copied[0], "the pasted sentence names the publication, not the file"
    assert copied[1].startswith("南宁片区管委会. “产业+安置”综合征地安置新模式[G]//广西壮族自治区人民政府.")
    # The formats for reference managers are in a <details>; their buttons copy them too.
    browser.find_element(By.CSS_SELECTOR, "details.cite-formats summary").click()
    browser.find_element(By.CSS_SELECTOR, 'button[data-copy="cite-bib"]').click()
    WebDriverWait(browser, WAIT).until(lambda d: len(d.execute_script("return window.__copied")) == 3)
    assert browser.execute_script("return window.__copied[2]").startswith("@incollection{gx-b2-pilot-01,")


def test_the_real_clipboard_receives_the_reference(browser, http_server):
    browser.get(http_server + "cases/cn-b5-best-04.html")
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": http_server.rstrip("/"),
                                                        "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    browser.find_element(By.CSS_SELECTOR, 'button[data-copy="cite-gbt"]').click()
    WebDriverWait(browser, WAIT).until(lambda d: d.find_element(By.CSS_SELECTOR, 'button[data-copy="cite-gbt"]').text == "已复制")
    text = browser.execute_async_script("var done = arguments[0]; navigator.clipboard.readText().then(done, function (e) { done('error: ' + e); });")
    assert text == browser.find_element(By.ID, "cite-gbt").text


def test_cases_json_is_valid_against_its_schema(site_dir, cases):
    from jsonschema import Draft202012Validator
    schema = json.loads((site_dir / "data" / "cases.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    document = json.loads((site_dir / "data" / "cases.json").read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(schema).iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:20])
    assert len(document["cases"]) == 126
    # The contract is strict: a key it does not know, or a missing one, is an error.
    broken = json.loads(json.dumps(document))
    broken["cases"][0]["surprise"] = 1
    del broken["cases"][1]["versions"]
    assert len(list(Draft202012Validator(schema).iter_errors(broken))) == 2
    csl = json.loads((site_dir / "data" / "cases.csl.json").read_text(encoding="utf-8"))
    assert {i["id"] for i in csl} == set(cases)


def test_screenshots_of_a_source_page_and_a_citation(browser, site_dir):
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1280, 900)
    browser.get((site_dir / "sources/000_c9fdf2d4b16943f6.html").as_uri() + "#L211-L248")
    WebDriverWait(browser, WAIT).until(lambda d: highlighted(d))
    browser.execute_script("window.scrollBy(0, -120)")
    browser.save_screenshot(str(SHOTS / "source-page.png"))
    browser.get((site_dir / "sources/002_5008bc89aad0392f.html").as_uri())
    browser.save_screenshot(str(SHOTS / "source-page-top.png"))
    browser.get((site_dir / "cases/cn-b5-best-04.html").as_uri())
    browser.execute_script("document.querySelector('details.cite-formats').open = true;"
                           "document.getElementById('versions-h').scrollIntoView()")
    browser.save_screenshot(str(SHOTS / "case-versions.png"))
    browser.execute_script("document.getElementById('cite-h').scrollIntoView()")
    browser.save_screenshot(str(SHOTS / "case-citation.png"))
    print(f"screenshots in {SHOTS}")
