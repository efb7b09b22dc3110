#!/usr/bin/env python3
"""Peak memory and time of reading a large web page, against the page's size.

Builds a government-site page of the given size: the site's layout tables, menus and footer
around a department's publication of many filings (the corpus's filings laid out from their keys
by Benchmarks/containers.py, each with a paragraph of prose before it, over and over), converts it
with `jixiao convert PAGE -o OUT.yaml` and prints a Markdown table of the peak resident memory of
that run (the target: under 500 MB for a 20 MB page) and its time.

    python3 Benchmarks/html_memory.py [--jixiao PATH] [--sizes 5,20]
"""
import argparse
import glob
import html
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import containers  # noqa: E402

ROOT = containers.ROOT
PROSE = ("根据《中华人民共和国预算法》和《国务院关于全面实施预算绩效管理的意见》要求，现将本单位{year}年度"
         "项目支出绩效目标公开如下。绩效目标是预算安排的前提和依据，各项目均已按照“谁申请资金，谁设置目标”的原则"
         "编制绩效目标，并经财政部门审核。")


def filings_html():
    """Each corpus filing as the page shows it: a heading, a paragraph of prose, its tables."""
    parts = []
    for key_path in sorted(glob.glob(os.path.join(containers.KEYS, "*.key.yaml"))):
        number = os.path.basename(key_path).split("-")[0]
        key = containers.parse_key(key_path)
        year = key["filings"][0].get("fiscal_year") or 2020
        parts.append(f"<h3>附件{number}</h3><p>{html.escape(PROSE.format(year=year))}</p>")
        for block in containers.blocks_of(number, key):
            if block[0] == "p":
                parts.append(f'<p class="MsoNormal">{html.escape(block[1])}</p>')
            else:
                parts.append(containers.table_html(block[1], block[2]))
    return "\n".join(parts), sum(len(containers.parse_key(p)["filings"])
                                 for p in glob.glob(os.path.join(containers.KEYS, "*.key.yaml")))


def page(megabytes):
    """A page of about the given size, and how many filings it holds."""
    body, per_round = filings_html()
    rounds = max(1, int(megabytes * 1_000_000 // len(body.encode("utf-8"))))
    menu = "".join(f'<li><a href="/zwgk/{i}.html">政务公开栏目{i}</a></li>' for i in range(60))
    text = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>部门预算项目绩效目标公开</title>"
            "<style>td { font-size: 12pt; }</style><script>var _hmt = _hmt || [];</script></head><body>\n"
            f'<table width="1000" align="center"><tr><td><ul class="menu">{menu}</ul></td></tr>\n'
            '<tr><td><table width="100%"><tr><td class="left"><ul><li><a href="#">通知公告</a></li></ul></td>\n'
            '<td class="content"><div class="TRS_Editor">\n'
            + "\n".join(body for _ in range(rounds))
            + '\n</div></td></tr></table></td></tr>\n<tr><td><div class="foot">主办单位：财政局 版权所有</div></td></tr>'
              "</table></body></html>\n")
    return text, rounds * per_round


def measure(jixiao, path, out):
    """Runs one conversion and returns (seconds, peak RSS bytes, filings written) of that run alone."""
    start = time.monotonic()
    child = subprocess.Popen([jixiao, "convert", path, "-o", out, "--quiet"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"html_memory: jixiao failed on {path}: {child.stderr.read().decode()[:400]}")
    with open(out, encoding="utf-8") as handle:
        filings = sum(1 for line in handle if line.startswith("format: jixiao/1"))
    return seconds, usage.ru_maxrss * 1024, filings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jixiao", default=os.path.join(ROOT, ".build", "release", "jixiao"))
    parser.add_argument("--sizes", default="5,20", help="megabytes of page, comma-separated")
    parser.add_argument("--work", default=os.path.join(ROOT, "Benchmarks", ".work", "html-memory"))
    options = parser.parse_args()
    os.makedirs(options.work, exist_ok=True)
    print("| page | filings on it | filings read | time | peak memory | memory / page |")
    print("|---|---|---|---|---|---|")
    for megabytes in sorted(float(part) for part in options.sizes.split(",")):
        path = os.path.join(options.work, f"page-{megabytes:g}mb.html")
        text, filings = page(megabytes)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        length = os.path.getsize(path)
        seconds, peak, read = measure(options.jixiao, path, path + ".yaml")
        print(f"| {length / 1e6:.1f} MB | {filings} | {read} | {seconds:.1f} s | {peak / 1e6:.0f} MB | "
              f"{peak / length:.1f}x |", flush=True)
        os.remove(path + ".yaml")
        os.remove(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
