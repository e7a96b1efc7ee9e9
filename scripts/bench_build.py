#!/usr/bin/env python3
"""Build benchmark: wall time and peak memory of `casebook build` (release) on the real content and on
synthetic larger corpora made by repeating the five source texts under new slugs (same layouts, more cases).
Usage: scripts/bench_build.py [--copies 1,10,40] [--binary .build/release/casebook]
Prints a table; speed and memory are measured here, never in unit tests."""
import argparse, os, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_content(dst: Path, copies: int):
    shutil.copytree(ROOT / "Content" / "data", dst / "data")
    shutil.copy(ROOT / "Content" / "site.yaml", dst / "site.yaml")
    src = ROOT / "Content" / "sources"
    out = dst / "sources"
    out.mkdir(parents=True)
    for k in range(copies):
        for txt in sorted(src.glob("*.txt")):
            stem = txt.stem if k == 0 else f"{txt.stem}-copy{k}"
            shutil.copy(txt, out / f"{stem}.txt")
            meta = (src / f"{txt.stem}.yaml").read_text(encoding="utf-8")
            if k:
                meta = re.sub(r"^slug: (\S+)", lambda m: f"slug: {m.group(1)}-c{k}", meta, flags=re.M)
            (out / f"{stem}.yaml").write_text(meta, encoding="utf-8")


def run(binary: Path, content: Path, site: Path):
    t0 = time.time()
    p = subprocess.run(["/usr/bin/time", "-v", str(binary), "build", "--content", str(content),
                        "--templates", str(ROOT / "Templates"), "--output", str(site), "-q"],
                       capture_output=True, text=True)
    wall = time.time() - t0
    if p.returncode != 0:
        sys.exit(f"build failed:\n{p.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    files = sum(len(f) for _, _, f in os.walk(site))
    size = sum((Path(r) / f).stat().st_size for r, _, fs in os.walk(site) for f in fs)
    return wall, rss, files, size


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", default="1,10,40")
    ap.add_argument("--binary", default=str(ROOT / ".build/release/casebook"))
    a = ap.parse_args()
    binary = Path(a.binary)
    print(f"{'copies':>6} {'cases':>6} {'seconds':>8} {'peak MiB':>9} {'files':>7} {'site MiB':>9}")
    for copies in [int(x) for x in a.copies.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            content = Path(tmp) / "Content"
            make_content(content, copies)
            wall, rss, files, size = run(binary, content, Path(tmp) / "Site")
            print(f"{copies:>6} {126 * copies:>6} {wall:>8.2f} {rss / 1024:>9.1f} {files:>7} {size / 2**20:>9.1f}", flush=True)


if __name__ == "__main__":
    main()
