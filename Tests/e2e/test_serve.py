"""`casebook serve`: a preview on 127.0.0.1 that rebuilds on changes and makes open pages reload."""
import shutil
import socket
import subprocess
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


def test_serve_rebuilds_on_change_and_pages_reload(tmp_path):
    content = tmp_path / "Content"
    shutil.copytree(CONTENT, content)
    port = free_port()
    proc = subprocess.Popen(
        [str(binary()), "serve", "--content", str(content), "--templates", str(ROOT / "Templates"),
         "--output", str(tmp_path / "Site"), "--port", str(port), "--poll", "200"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: get(base + "/")[0] == 200), "server did not come up"
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
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
