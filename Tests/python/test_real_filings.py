"""The reader against hand-made answer keys, read with PyYAML: the five seeds row for row, and the
corpus of real filings (Tests/RealFilings) above the accuracy floor recorded in BENCHMARKS.md."""
import json
import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Benchmarks"))
import accuracy  # noqa: E402
from conftest import JIXIAO_BINARY  # noqa: E402

JIXIAO = str(JIXIAO_BINARY)
SEEDS = os.path.join(ROOT, "..", "shared", "seeds")
CORPUS = os.path.join(ROOT, "Tests", "RealFilings")
with open(os.path.join(CORPUS, "accuracy-floor.json"), encoding="utf-8") as handle:
    FLOOR = json.load(handle)


@pytest.mark.skipif(not os.path.isdir(SEEDS), reason="../shared/seeds is not beside the project")
@pytest.mark.parametrize("text,key", accuracy.pairs([SEEDS]), ids=lambda p: os.path.basename(p))
def test_every_seed_row_matches_its_hand_made_key(text, key):
    result = accuracy.score(JIXIAO, text, key)
    assert result["exact"] == result["rows"], result["problems"]
    assert result["spurious"] == 0


def test_corpus_accuracy_stays_above_the_recorded_floor():
    results = [accuracy.score(JIXIAO, text, key) for text, key in accuracy.pairs([CORPUS])]
    assert len(results) >= 40
    rows = sum(r["rows"] for r in results)
    exact = sum(r["exact"] for r in results)
    assert exact / rows >= FLOOR["exact_share"], f"{exact}/{rows} rows exact"
    by_file = {os.path.basename(r["file"]): r for r in results}
    for name, floor in FLOOR["files"].items():
        assert by_file[name]["exact"] >= floor, (name, by_file[name]["problems"])


@pytest.mark.parametrize("text,key", accuracy.pairs([CORPUS]), ids=lambda p: os.path.basename(p))
def test_no_indicator_of_a_corpus_filing_is_lost(text, key):
    """Every indicator the key lists is in the output: read as a row, or kept under extra."""
    run = subprocess.run([JIXIAO, "convert", text, "--to", "yaml", "--quiet"], capture_output=True)
    if run.returncode != 0:
        # A read that found no indicator fails, and says where to look.
        assert b"no-indicator-table" in run.stderr
        return
    output = accuracy.compact(run.stdout.decode("utf-8"))
    for row in accuracy.key_rows(key):
        name = accuracy.compact(row.get("name") or "")
        # The shortest stretch of a name that stands for it (names may be wrapped in the output).
        assert name[:6] in output, f"{text}: '{row.get('name')}' is nowhere in the output"


# One table holding two projects, a project column naming each row's: read as one filing.
ONE_TABLE_FOR_SEVERAL_FILINGS = {"20-sichuan-jingyan-mata-town.txt"}


@pytest.mark.parametrize("text,key", accuracy.pairs([CORPUS]), ids=lambda p: os.path.basename(p))
def test_each_corpus_text_gives_as_many_filings_as_its_key(text, key):
    """A page's title, a publisher's line or a signature is no filing of its own: the count of
    filings read (PyYAML, every document) is the key's."""
    read = read_filings(text)
    with open(key, encoding="utf-8") as handle:
        expected = len(yaml.safe_load(handle)["filings"])
    if os.path.basename(text) in ONE_TABLE_FOR_SEVERAL_FILINGS:
        assert 1 <= len(read) < expected
        return
    assert len(read) == expected, [document.get("title") for document in read]


def read_filings(text):
    """Every filing `convert` reads from a corpus text (each has rows: the read must succeed)."""
    run = subprocess.run([JIXIAO, "convert", text, "--to", "yaml", "--quiet"], capture_output=True)
    assert run.returncode == 0, run.stderr.decode()
    return [document for document in yaml.safe_load_all(run.stdout.decode("utf-8")) if document]


# Texts whose filings' budget year and kind (project or department) agree with the key, with
# ONE_TABLE_FOR_SEVERAL_FILINGS aside: 23 of 41 on 2026-12-01. The rest state their year nowhere a
# title or a year line gives it (in a table cell, a date, a sentence), and 05 is a department's
# project form. It can only go up.
YEARS_AND_KINDS_FLOOR = 23


def test_budget_years_and_kinds_agree_with_the_keys_no_less_often_than_recorded():
    agreeing = []
    for text, key in accuracy.pairs([CORPUS]):
        if os.path.basename(text) in ONE_TABLE_FOR_SEVERAL_FILINGS:
            continue
        with open(key, encoding="utf-8") as handle:
            expected = [(str(f["fiscal_year"]) if f.get("fiscal_year") else None, f.get("kind")) for f in yaml.safe_load(handle)["filings"]]
        if [(d.get("fiscal_year"), d.get("kind")) for d in read_filings(text)] == expected:
            agreeing.append(os.path.basename(text))
    assert len(agreeing) >= YEARS_AND_KINDS_FLOOR, sorted(agreeing)
