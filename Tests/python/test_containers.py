"""Every real filing in every container: each corpus filing laid out from its hand-made key as a
Word document (python-docx, merged level cells) and a web page (rowspans, GBK or UTF-8, some
inside layout tables) by Benchmarks/containers.py, checked with python-docx and html5lib, read
back with `jixiao convert` and scored against the key: no lower than the recorded floor
(Tests/RealFilings/container-accuracy-floor.json, written by
`python3 Benchmarks/container_accuracy.py --record-floor`), per container and per file. The PDFs
are the Word files printed by LibreOffice, once per session (their reading is what is tested)."""
import json
import os
import re
import shutil
import sys

import html5lib
import pytest
from docx import Document

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Benchmarks"))
import accuracy  # noqa: E402
from conftest import JIXIAO_BINARY  # noqa: E402
import containers  # noqa: E402

JIXIAO = str(JIXIAO_BINARY)
KEYS = sorted(p for p in os.listdir(containers.KEYS) if p.endswith(".key.yaml"))
with open(os.path.join(containers.KEYS, "container-accuracy-floor.json"), encoding="utf-8") as handle:
    FLOOR = json.load(handle)


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("containers")
    return containers.generate(str(out), ("docx", "html"))


@pytest.fixture(scope="session")
def printed_pdfs(tmp_path_factory):
    """Every key's Word file printed to PDF by LibreOffice, once for the session."""
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("soffice or pdftotext is missing: scripts/setup.sh --test installs libreoffice-writer-nogui and poppler-utils")
    return containers.generate(str(tmp_path_factory.mktemp("pdf")), ("pdf",))["pdf"]


def stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def key_of(path):
    return containers.parse_key(os.path.join(containers.KEYS, stem(path) + ".key.yaml"))


def test_every_key_is_laid_out_in_both_containers(laid_out):
    assert len(KEYS) >= 40
    for container in ("docx", "html"):
        assert sorted(stem(p) + ".key.yaml" for p in laid_out[container]) == KEYS


def test_the_word_tables_hold_every_keyed_row_with_merged_level_cells(laid_out):
    merged = 0
    for path in laid_out["docx"]:
        document = Document(path)
        texts = accuracy.compact(" ".join(cell.text for table in document.tables
                                          for row in table.rows for cell in row.cells))
        for row in (r for f in key_of(path)["filings"] for r in f["indicators"]):
            assert accuracy.compact(row["name"]) in texts, (path, row["name"])
            if isinstance(row.get("value"), str):
                assert accuracy.compact(row["value"]) in texts, (path, row["value"])
        body = document.element.body.xml
        merged += "w:vMerge" in body
    # Level cells are merged wherever a level covers more than one row: in nearly every filing.
    assert merged >= len(laid_out["docx"]) - 5


def cells_of(page_bytes):
    tree = html5lib.parse(page_bytes, namespaceHTMLElements=False)
    return tree, [cell for cell in tree.iter("td")]


def test_the_web_pages_decode_by_their_charset_and_span_their_level_cells(laid_out):
    charsets = set()
    for path in laid_out["html"]:
        with open(path, "rb") as handle:
            data = handle.read()
        charsets.add(re.search(rb'charset="?([\w-]+)', data).group(1).decode())
        tree, cells = cells_of(data)
        texts = accuracy.compact(" ".join("".join(cell.itertext()) for cell in cells))
        key = key_of(path)
        for row in (r for f in key["filings"] for r in f["indicators"]):
            assert accuracy.compact(row["name"]) in texts, (path, row["name"])
        levels = [r.get("level1") for r in key["filings"][0]["indicators"]]
        if any(level and level == below for level, below in zip(levels, levels[1:])):
            assert any(int(cell.get("rowspan", "1")) > 1 for cell in cells), path
    assert {"gbk", "gb2312", "utf-8"} <= charsets


@pytest.mark.parametrize("container", ["docx", "html"])
def test_every_filing_reads_back_from_its_container_as_its_key_says(laid_out, container):
    results = [accuracy.score(JIXIAO, path, key)
               for path, key in accuracy.pairs([os.path.dirname(laid_out[container][0])], containers.KEYS)]
    assert len(results) == len(KEYS)
    rows = sum(r["rows"] for r in results)
    exact = sum(r["exact"] for r in results)
    spurious = sum(r["spurious"] for r in results)
    assert exact / rows >= FLOOR[container]["exact_share"], f"{exact}/{rows} rows exact"
    floor = FLOOR[container]["files"]
    below = {os.path.basename(r["file"]): r["problems"] for r in results
             if r["exact"] < floor[os.path.basename(r["file"])]}
    assert not below
    assert spurious <= 0.01 * rows


def test_a_row_that_differs_from_its_key_is_not_counted_exact(laid_out, tmp_path):
    """The scoring can fail: the same Word file against a key with one target changed."""
    path = next(p for p in laid_out["docx"] if stem(p).startswith("20-"))
    with open(os.path.join(containers.KEYS, stem(path) + ".key.yaml"), encoding="utf-8") as handle:
        text = handle.read()
    changed = tmp_path / "changed.key.yaml"
    changed.write_text(text.replace("value: 95\n", "value: 96\n", 1), encoding="utf-8")
    assert changed.read_text(encoding="utf-8") != text
    honest = accuracy.score(JIXIAO, path, os.path.join(containers.KEYS, stem(path) + ".key.yaml"))
    result = accuracy.score(JIXIAO, path, str(changed))
    assert result["exact"] == honest["exact"] - 1
    assert any("value: want 96, got 95" in problem for problem in result["problems"])


def test_the_containers_are_the_same_from_run_to_run(laid_out, tmp_path):
    again = containers.generate(str(tmp_path), ("docx", "html"), only={"20", "69"})
    for container in ("docx", "html"):
        for path in again[container]:
            original = os.path.join(os.path.dirname(laid_out[container][0]), os.path.basename(path))
            with open(path, "rb") as left, open(original, "rb") as right:
                assert left.read() == right.read(), path


def test_every_filing_reads_back_from_its_pdf_no_worse_than_the_floor(printed_pdfs):
    results = [accuracy.score(JIXIAO, path, key)
               for path, key in accuracy.pairs([os.path.dirname(printed_pdfs[0])], containers.KEYS)]
    assert len(results) == len(KEYS)
    rows = sum(r["rows"] for r in results)
    exact = sum(r["exact"] for r in results)
    assert exact / rows >= FLOOR["pdf"]["exact_share"], f"{exact}/{rows} rows exact"
    floor = FLOOR["pdf"]["files"]
    below = {os.path.basename(r["file"]): r["problems"] for r in results
             if r["exact"] < floor[os.path.basename(r["file"])]}
    assert not below
