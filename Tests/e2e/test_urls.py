"""Clear, stable addresses (issue 13), in Chromium from disk (file://) and over http: a listing is a folder whose
pages are index.html files, and every address published before still opens, by a redirect page the browser follows."""
import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import refresh_target
from test_search import WAIT, base  # noqa: F401

# Old address → the page it names now, and that page's heading.
MOVED = {
    "zones/guangxi.html": ("zones/guangxi/index.html", "中国（广西）自由贸易试验区"),
    "zones/guangxi-p2.html": ("zones/guangxi/page/2/index.html", "中国（广西）自由贸易试验区"),
    "zones/guangxi-1.html": ("zones/guangxi/nanning/index.html", "中国（广西）自由贸易试验区 南宁片区"),
    "zones/guangxi-2.html": ("zones/guangxi/qinzhougang/index.html", "中国（广西）自由贸易试验区 钦州港片区"),
    "batches/gx-b2.html": ("batches/gx-b2/index.html", "中国（广西）自由贸易试验区第二批自治区级制度创新成果汇编"),
    "fields/finance.html": ("fields/finance/index.html", "金融开放创新"),
    "kinds/best-p2.html": ("kinds/best/page/2/index.html", "最佳实践案例"),
}


def redirects(site_dir: Path):
    """Every redirect page of the site: (old path, target path), both relative to the site root."""
    out = []
    for page in sorted(site_dir.rglob("*.html")):
        target = refresh_target(page.read_text(encoding="utf-8"))
        if target is not None:
            out.append((page.relative_to(site_dir).as_posix(),
                        (page.parent / target).resolve().relative_to(site_dir.resolve()).as_posix()))
    return out


def landed(browser, base, path):
    """Waits until the browser shows `path` of the site (a redirect followed) and its page has loaded."""
    WebDriverWait(browser, WAIT).until(
        lambda d: unquote(urlsplit(d.current_url).path).endswith("/" + path) and d.execute_script("return document.readyState") == "complete",
        f"did not land on {path} (at {browser.current_url})")
    assert browser.current_url.startswith(base)


def test_old_addresses_open_the_page_they_named(browser, base):
    for old, (new, heading) in MOVED.items():
        browser.get(base + old)
        landed(browser, base, new)
        assert browser.find_element(By.TAG_NAME, "h1").text == heading, old
        assert not browser.find_elements(By.CSS_SELECTOR, 'meta[http-equiv="refresh"]'), f"{old} landed on another redirect"
        assert browser.execute_script("return document.styleSheets.length") > 0, "the page it lands on has its stylesheet"


def test_every_redirect_page_is_followed_to_a_page(browser, base, site_dir):
    moved = redirects(site_dir)
    assert len(moved) >= 70
    for old, new in moved:
        assert (site_dir / new).is_file(), f"{old} points at {new}, which is missing"
        text = (site_dir / old).read_text(encoding="utf-8")
        target = refresh_target(text)
        assert '<meta name="robots" content="noindex">' in text, old
        assert f'<link rel="canonical" href="{html.escape(target)}">' in text, old
        assert re.search(r'<a href="' + re.escape(html.escape(target)) + r'">[^<]+</a>', text), f"{old}: no visible link"
        browser.get(base + old)
        landed(browser, base, new)
        assert not browser.find_elements(By.CSS_SELECTOR, 'meta[http-equiv="refresh"]'), f"{old} → {new} is another redirect"


def test_pagination_links_lead_through_the_pages_and_back(browser, base):
    browser.get(base + "zones/guangxi/index.html")
    first = [e.get_attribute("data-case-id") for e in browser.find_elements(By.CSS_SELECTOR, "#listing-all li.card")]
    assert len(first) == 50
    browser.find_element(By.CSS_SELECTOR, 'nav.pager a[rel="next"]').click()
    landed(browser, base, "zones/guangxi/page/2/index.html")
    second = [e.get_attribute("data-case-id") for e in browser.find_elements(By.CSS_SELECTOR, "#listing-all li.card")]
    assert second and not set(first) & set(second)
    assert browser.find_element(By.CSS_SELECTOR, 'nav.pager [aria-current="page"]').text == "2"
    assert browser.execute_script("return document.styleSheets.length") > 0
    # The breadcrumbs and a case from page 2.
    crumbs = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "nav.breadcrumbs a")]
    assert crumbs == ["首页", "自贸试验区"]
    browser.find_element(By.CSS_SELECTOR, 'nav.pager a[rel="prev"]').click()
    landed(browser, base, "zones/guangxi/index.html")
    browser.find_element(By.CSS_SELECTOR, 'nav.pager li a[href$="page/2/index.html"]').click()
    landed(browser, base, "zones/guangxi/page/2/index.html")
    link = browser.find_element(By.CSS_SELECTOR, f'#listing-all li.card[data-case-id="{second[0]}"] a.card-title')
    link.click()
    landed(browser, base, f"cases/{second[0]}.html")


def test_a_filter_chosen_on_a_later_page_shows_the_whole_listing_filtered(browser, base):
    browser.get(base + "zones/guangxi/page/2/index.html")
    WebDriverWait(browser, WAIT).until(lambda d: d.execute_script(
        "var b = document.getElementById('listing-filters'); return b && !b.hidden && b.querySelector('a');"))
    chip = browser.find_element(By.CSS_SELECTOR, '#listing-filters a[data-facet="kind"][data-value="最佳实践案例"]')
    browser.execute_script("arguments[0].click()", chip)
    WebDriverWait(browser, WAIT).until(lambda d: "kind=" in d.current_url)
    assert urlsplit(browser.current_url).path.endswith("/zones/guangxi/index.html"), "filters start from the first page"
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#listing-filtered > li.card"))


def test_zone_chips_and_the_zones_index_lead_to_the_area_pages(browser, base):
    browser.get(base + "zones/index.html")
    browser.find_element(By.CSS_SELECTOR, 'a[href="../zones/guangxi/qinzhougang/index.html"]').click()
    landed(browser, base, "zones/guangxi/qinzhougang/index.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "中国（广西）自由贸易试验区 钦州港片区"
    browser.find_element(By.CSS_SELECTOR, "nav.breadcrumbs a[href$='zones/guangxi/index.html']").click()
    landed(browser, base, "zones/guangxi/index.html")
    browser.find_element(By.PARTIAL_LINK_TEXT, "崇左片区").click()
    landed(browser, base, "zones/guangxi/chongzuo/index.html")
