"""What officials and researchers work with (issue 13): units, forgiving search, combined filters, comparison."""
import json
from urllib.parse import quote, urlencode

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_search import WAIT, all_ids, base, cases, facet_link, open_search, search, status, wait_done  # noqa: F401


def unit_names(case):
    return {u["name"] for u in case["units"]}


# --- units ------------------------------------------------------------------------------------------------------

def test_unit_facet_narrows_and_lives_in_the_url(browser, base, cases):
    everything = search(browser, base, "跨境")
    # The unit facet's data loads on demand.
    button = browser.find_element(By.CSS_SELECTOR, "#search-facet-groups .facet-load")
    browser.execute_script("arguments[0].click()", button)
    WebDriverWait(browser, WAIT).until(lambda d: d.execute_script(
        "return [...document.querySelectorAll('#search-facet-groups .facet')].some("
        "g => g.querySelector('h2').textContent === '单位' && g.querySelector('a'))"))
    link = facet_link(browser, "单位", "自治区商务厅")
    expected = int(link.find_element(By.CSS_SELECTOR, ".count").get_attribute("textContent"))
    holding = [i for i in everything if "自治区商务厅" in unit_names(cases[i])]
    assert expected == len(holding) > 0
    browser.execute_script("arguments[0].click()", link)
    WebDriverWait(browser, WAIT).until(lambda d: "unit=" in d.current_url)
    wait_done(browser)
    narrowed = all_ids(browser)
    assert sorted(narrowed) == sorted(holding) and len(narrowed) < len(everything)
    # The 商务厅 printed in a 广西 text counts as 自治区商务厅.
    assert any(any(u["printed"] == "商务厅" for u in cases[i]["units"]) for i in narrowed) or \
        any(u["printed"] == "商务厅" for c in cases.values() for u in c["units"] if "跨境" in c["title"])
    assert facet_link(browser, "单位", "自治区商务厅").get_attribute("aria-current") == "true"


def test_case_page_units_link_to_unit_pages_and_back(browser, base, cases):
    case = next(c for c in cases.values() if any(u["printed"] == "人民银行南宁中心支行" for u in c["units"]))
    browser.get(base + case["url"])
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "a.unit") if a.text == "人民银行南宁中心支行")
    assert "中国人民银行广西壮族自治区分行" in link.get_attribute("title")
    link.click()
    WebDriverWait(browser, WAIT).until(lambda d: "/units/" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "中国人民银行广西壮族自治区分行"
    back = browser.find_elements(By.CSS_SELECTOR, f'.card[data-case-id="{case["id"]}"] a.card-title')
    assert back
    back[0].click()
    WebDriverWait(browser, WAIT).until(lambda d: d.current_url.endswith(case["url"]))


# --- forgiving search -------------------------------------------------------------------------------------------

def test_traditional_characters_find_simplified_text(browser, base):
    simplified = search(browser, base, "跨境电商")
    assert len(simplified) >= 5
    traditional = search(browser, base, "跨境電商")
    assert sorted(traditional) == sorted(simplified)
    assert "跨境电商" in status(browser)
    notes = browser.find_elements(By.CSS_SELECTOR, "#search-results > li .equivalent-note")
    assert notes and all("简体" in n.text for n in notes)
    assert browser.find_elements(By.CSS_SELECTOR, "#search-results mark")


def test_abbreviation_finds_the_full_form_and_says_so(browser, base, cases):
    full = set(search(browser, base, "自由贸易试验区"))
    short = set(search(browser, base, "自贸区"))
    literal = {i for i, c in cases.items() if "自贸区" in c["title"] + "".join(s["markdown"] for s in c["sections"])}
    assert full <= short and literal <= short and len(short) > len(literal)
    equivalent = [li.get_attribute("data-case-id") for li in
                  browser.find_elements(By.CSS_SELECTOR, '#search-results > li[data-equivalent="true"]')]
    assert equivalent
    note = browser.find_element(By.CSS_SELECTOR, '#search-results > li[data-equivalent="true"] .equivalent-note').text
    assert "与“自贸区”等同" in note
    # 人行 and 中国人民银行 are one; 海关 and 南宁海关 are not.
    assert set(search(browser, base, "中国人民银行")) <= set(search(browser, base, "人行"))
    precise = search(browser, base, "南宁海关")
    assert precise and not browser.find_elements(By.CSS_SELECTOR, '#search-results > li[data-equivalent="true"]')
    assert len(precise) < len(search(browser, base, "海关"))


def test_an_abbreviation_inside_a_longer_term_finds_the_full_forms(browser, base, cases):
    def text(c):
        return c["title"] + "".join(s["markdown"] for s in c["sections"])
    full = {i for i, c in cases.items() if "广西自由贸易试验区" in text(c) or "广西自贸试验区" in text(c)}
    literal = {i for i, c in cases.items() if "广西自贸区" in text(c)}
    assert full - literal, "the fixture prints the full forms in cases that do not print 广西自贸区"
    found = set(search(browser, base, "广西自贸区"))
    assert full <= found and literal <= found
    assert "广西自由贸易试验区" in status(browser) and "广西自贸试验区" in status(browser)
    notes = [n.text for n in browser.find_elements(By.CSS_SELECTOR, '#search-results > li[data-equivalent="true"] .equivalent-note')]
    assert notes and all("与“广西自贸区”等同" in n for n in notes), notes
    # Names in no group stay precise inside longer terms too: every 南宁海关 result prints 南宁海关.
    precise = search(browser, base, "南宁海关")
    assert precise and "等同" not in status(browser)
    assert all("南宁海关" in text(cases[i]) or any(u["printed"] == "南宁海关" for u in cases[i]["units"]) for i in precise)


def test_every_form_of_a_query_is_in_the_url_free_search(browser, base):
    # A facet keeps working with equivalents: the URL carries the query as typed.
    ids = search(browser, base, "自贸区", kind="最佳实践案例")
    assert ids
    assert "q=%E8%87%AA%E8%B4%B8%E5%8C%BA" in browser.current_url


# --- combined filters on listings -------------------------------------------------------------------------------

def listed_ids(browser):
    return [li.get_attribute("data-case-id") for li in browser.find_elements(By.CSS_SELECTOR, "#listing-filtered > li.card")]


def wait_filters(browser):
    WebDriverWait(browser, WAIT).until(lambda d: d.execute_script(
        "var b = document.getElementById('listing-filters'); return b && !b.hidden && b.querySelector('a');"))


def chip(browser, facet, value):
    return browser.find_element(By.CSS_SELECTOR, f'#listing-filters a[data-facet="{facet}"][data-value="{value}"]')


def test_zone_page_by_field_and_kind(browser, base, cases):
    guangxi = [c for c in cases.values() if any(z["ftz"] == "广西" for z in c["zones"])]
    kind, field = "最佳实践案例", "金融开放创新"
    expected = sorted(c["id"] for c in guangxi if c["kind"] == kind and c["category"]["name"] == field)
    assert expected and len(expected) < len(guangxi)
    browser.get(base + "zones/guangxi/index.html")
    wait_filters(browser)
    # Without a filter the page is the full (paginated) listing.
    assert browser.find_element(By.ID, "listing-filtered").get_attribute("hidden") is not None
    browser.execute_script("arguments[0].click()", chip(browser, "field", field))
    WebDriverWait(browser, WAIT).until(lambda d: "field=" in d.current_url)
    wait_filters(browser)
    browser.execute_script("arguments[0].click()", chip(browser, "kind", kind))
    WebDriverWait(browser, WAIT).until(lambda d: "kind=" in d.current_url)
    wait_filters(browser)
    WebDriverWait(browser, WAIT).until(lambda d: listed_ids(d))
    assert sorted(listed_ids(browser)) == expected
    assert not browser.find_element(By.ID, "listing-all").is_displayed()
    # The state is the URL: opening it again gives the same listing, every page of it.
    url = browser.current_url
    browser.get(url)
    wait_filters(browser)
    WebDriverWait(browser, WAIT).until(lambda d: listed_ids(d))
    assert sorted(listed_ids(browser)) == expected
    assert chip(browser, "kind", kind).get_attribute("aria-current") == "true"


def test_field_page_by_ftz_and_batch_page_by_zone_and_field(browser, base, cases):




    browser.get(base + "batches/gx-b7/index.html?" + urlencode({"zone": "广西·钦州港片区"}, quote_via=quote))
    wait_filters(browser)
    WebDriverWait(browser, WAIT).until(lambda d: listed_ids(d))
    expected = sorted(c["id"] for c in cases.values()
                      if c["batch"]["slug"] == "gx-b7" and {"ftz": "广西", "area": "钦州港片区"} in c["zones"])
    assert sorted(listed_ids(browser)) == expected and expected
    browser.get(base + "fields/finance/index.html?" + urlencode({"ftz": "广西", "kind": "改革试点经验"}, quote_via=quote))
    wait_filters(browser)
    WebDriverWait(browser, WAIT).until(lambda d: listed_ids(d))
    expected = sorted(c["id"] for c in cases.values() if c["category"]["name"] == "金融开放创新"
                      and c["kind"] == "改革试点经验" and any(z["ftz"] == "广西" for z in c["zones"]))
    assert sorted(listed_ids(browser)) == expected and expected


def test_without_javascript_the_full_listing_shows(site_dir):
    page = (site_dir / "zones" / "guangxi" / "index.html").read_text(encoding="utf-8")
    assert '<section class="listing-filters" id="listing-filters"' in page and " hidden>" in page
    assert page.count('class="card"') >= 40


# --- compare ----------------------------------------------------------------------------------------------------

def test_pick_three_from_a_listing_and_search_and_read_them_aligned(browser, base, cases):
    browser.get(base + "batches/gx-b2/index.html")
    browser.execute_script("localStorage.clear()")
    browser.get(base + "batches/gx-b2/index.html")
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "button.compare-toggle"))
    buttons = browser.find_elements(By.CSS_SELECTOR, "li.card button.compare-toggle")
    picked = [b.get_attribute("data-id") for b in buttons[:2]]
    for b in buttons[:2]:
        browser.execute_script("arguments[0].click()", b)
    # The third from a search result.
    open_search(browser, base, q="跨境")
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li button.compare-toggle"))
    third = next(b for b in browser.find_elements(By.CSS_SELECTOR, "#search-results li button.compare-toggle")
                 if b.get_attribute("data-id") not in picked)
    picked.append(third.get_attribute("data-id"))
    browser.execute_script("arguments[0].click()", third)
    # A fourth cannot be added.
    others = [b for b in browser.find_elements(By.CSS_SELECTOR, "#search-results li button.compare-toggle")
              if b.get_attribute("data-id") not in picked]
    assert others and all(not b.is_enabled() for b in others)
    link = browser.find_element(By.ID, "compare-link")
    assert link.get_attribute("href").endswith("compare.html?ids=" + ",".join(picked))
    browser.execute_script("arguments[0].click()", link)
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".compare-section"))
    heads = [e.get_attribute("data-case-id") for e in browser.find_elements(By.CSS_SELECTOR, ".compare-case")]
    assert heads == picked
    # Sections are aligned by meaning: a 主要做法 row holds each case's 主要做法 text, whatever its position.
    row = browser.find_element(By.CSS_SELECTOR, '.compare-section[data-meaning="主要做法"]')
    cells = row.find_elements(By.CSS_SELECTOR, ".compare-cell")
    assert [c.get_attribute("data-case-id") for c in cells] == picked
    for cell, cid in zip(cells, picked):
        sections = [s for s in cases[cid]["sections"] if s["heading"] and "做法" in s["heading"]]
        if sections:
            first_para = sections[0]["markdown"].split("\n\n")[0][:12].replace("\\", "")
            assert first_para[:6] in cell.text


def test_compare_address_alone_works(browser, base, cases):
    ids = [i for i in cases if i.startswith("gx-b7-")][:2]
    browser.get(base + "compare.html?ids=" + ",".join(ids) + ",nonexistent-1,<b>")
    WebDriverWait(browser, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".compare-section"))
    assert [e.get_attribute("data-case-id") for e in browser.find_elements(By.CSS_SELECTOR, ".compare-case")] == ids
    assert "找不到：nonexistent-1" in browser.find_element(By.ID, "compare-status").text
