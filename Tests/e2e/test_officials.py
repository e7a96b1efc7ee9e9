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
