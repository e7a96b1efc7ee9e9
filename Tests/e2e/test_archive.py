"""The offline archive as a researcher uses it: `casebook build --archive FILE.zip`, unzipped somewhere else and opened
from disk (file://) in headless Chromium: one top folder, every link resolving, nothing loaded from another host,
pages styled, handbooks and search working; and the same site gives the same bytes."""
import subprocess
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import REPO, casebook_binary, link_problems, CONTENT

TOP = "casebook-site"
WAIT = 20


def build(out: Path, zip_path: Path):
    result = subprocess.run(
        [str(casebook_binary()), "build", "--quiet", "--output", str(out), "--archive", str(zip_path),
         "--content", str(CONTENT), "--templates", str(REPO / "Templates")],
        cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    assert zip_path.exists()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Two builds of the same content into different folders, each with its archive; the first one unzipped elsewhere."""
    tmp = tmp_path_factory.mktemp("archive")
    zips = []
    for name in ("first", "second"):
        zips.append(tmp / name / f"{TOP}.zip")
        build(tmp / name / "site", zips[-1])
    unzipped = tmp / "somewhere" / "else"
    with zipfile.ZipFile(zips[0]) as z:
        z.extractall(unzipped)
    return {"zips": zips, "site": tmp / "first" / "site", "root": unzipped / TOP}


def test_the_same_site_gives_a_byte_identical_zip(archive):
    a, b = (p.read_bytes() for p in archive["zips"])
    assert a == b


def test_one_top_folder_sorted_entries_fixed_dates_and_every_file(archive):
    with zipfile.ZipFile(archive["zips"][0]) as z:
        infos = z.infolist()
        assert z.testzip() is None
    names = [i.filename for i in infos]
    assert all(n == f"{TOP}/" or n.startswith(f"{TOP}/") for n in names), "one top folder"
    assert names == sorted(names, key=lambda n: PurePosixPath(n).parts), "entries in sorted order"
    assert {i.date_time for i in infos} == {(2000, 1, 1, 0, 0, 0)}
    files = {n[len(TOP) + 1:] for n in names if not n.endswith("/")}
    site = archive["site"]
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert files == on_disk
    assert {"index.html", "search.html", "handbooks/index.html", "handbooks/all.html", "assets/handbook.css"} <= files


def test_every_link_resolves_and_nothing_comes_from_another_host(archive):
    problems, checked = link_problems(archive["root"])
    assert checked > 5000
    assert not problems, "\n".join(problems[:30])


def resources(browser):
    return browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")


def check_page(browser, root):
    """The page is styled, loaded nothing from elsewhere, and logged no error."""
    assert browser.execute_script("return getComputedStyle(document.body).marginTop") == "0px", "stylesheet not applied"
    for url in resources(browser):
        assert url.startswith("file://"), f"{browser.current_url} loaded {url}"
        assert Path(unquote(urlsplit(url).path)).exists(), url
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe


def test_browsing_the_unzipped_site_from_disk(archive, browser):
    root = archive["root"]
    browser.get_log("browser")  # start with an empty log
    browser.get((root / "index.html").as_uri())
    check_page(browser, root)
    # Home → a batch → a case, by clicking.
    browser.find_element(By.CSS_SELECTOR, "a[href='batches/gx-b2/index.html']").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.current_url.endswith("/batches/gx-b2/index.html"))
    check_page(browser, root)
    browser.find_element(By.CSS_SELECTOR, "a[href='../../cases/gx-b2-pilot-04.html']").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.current_url.endswith("/cases/gx-b2-pilot-04.html"))
    check_page(browser, root)
    assert "多测合一" in browser.find_element(By.TAG_NAME, "h1").text
    # The handbooks: their index, one handbook, a jump from its table of contents.
    browser.get((root / "handbooks" / "index.html").as_uri())
    check_page(browser, root)
    browser.find_element(By.CSS_SELECTOR, "a[href='../handbooks/batch-cn-b4.html']").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.current_url.endswith("/handbooks/batch-cn-b4.html"))
    check_page(browser, root)
    assert len(browser.find_elements(By.CSS_SELECTOR, "article.hb-case")) == 18
    browser.find_element(By.CSS_SELECTOR, ".hb-toc a[href='#cn-b4-best-03']").click()
    WebDriverWait(browser, WAIT).until(lambda d: d.current_url.endswith("#cn-b4-best-03"))
    top = browser.execute_script("return document.getElementById('cn-b4-best-03').getBoundingClientRect().top")
    assert abs(top) < 5, "the table of contents jumps to the case"


def test_search_works_from_disk(archive, browser):
    """Contract with the search page: search.html?q=… shows result elements carrying data-case-id."""
    root = archive["root"]
    browser.get_log("browser")
    browser.get((root / "search.html").as_uri() + "?q=" + quote("多测合一"))
    WebDriverWait(browser, WAIT).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results [data-case-id]"),
        "no search results from disk")
    ids = [e.get_attribute("data-case-id") for e in browser.find_elements(By.CSS_SELECTOR, "#search-results [data-case-id]")]
    assert "gx-b2-pilot-04" in ids
    check_page(browser, root)
    # A result leads to its case page, inside the archive.
    link = browser.find_element(By.CSS_SELECTOR, "#search-results [data-case-id='gx-b2-pilot-04'] a[href]")
    link.click()
    WebDriverWait(browser, WAIT).until(lambda d: "/cases/gx-b2-pilot-04.html" in d.current_url)
    assert browser.current_url.startswith(root.as_uri())
    check_page(browser, root)
