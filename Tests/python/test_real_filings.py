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
    run = subprocess.run([JIXIAO, "convert", text, "--to", "yaml", "--quiet"], capture_output=True)
    if run.returncode != 0:
        assert b"no-indicator-table" in run.stderr
        return
    read = [document for document in yaml.safe_load_all(run.stdout.decode("utf-8")) if document]
    with open(key, encoding="utf-8") as handle:
        expected = len(yaml.safe_load(handle)["filings"])
    if os.path.basename(text) in ONE_TABLE_FOR_SEVERAL_FILINGS:
        assert len(read) < expected
        return
    assert len(read) == expected, [document.get("title") for document in read]
