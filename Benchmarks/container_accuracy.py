#!/usr/bin/env python3
"""Accuracy per container: every real filing laid out as Word, web page and (where the reader
has it) PDF by Benchmarks/containers.py, read back with `jixiao convert`, scored against the
hand-made keys by Benchmarks/accuracy.py.

    python3 Benchmarks/container_accuracy.py [--formats docx,html,pdf] [--jixiao PATH] [--json OUT]
                                             [--keep DIR] [--quiet] [--record-floor]

Until the reader takes .pdf itself (`jixiao formats` lists it), the PDFs are scored as the text
`pdftotext -layout` gives, read by the text reader: the row says so.

Prints per container: rows, found, exact, spurious; then each file under 100 % with its problems
(only the files with --quiet). The containers go to a temporary folder unless --keep names one. --record-floor writes the
figures of the containers scored (.docx, .html, .pdf) as the floor Tests/python/test_containers.py holds the reader to
(Tests/RealFilings/container-accuracy-floor.json): run it after an improvement, never to hide a drop.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accuracy  # noqa: E402
import containers  # noqa: E402


FLOOR = os.path.join(containers.KEYS, "container-accuracy-floor.json")


def score_container(jixiao, paths):
    results = [accuracy.score(jixiao, path, key) for path, key in
               accuracy.pairs([os.path.dirname(paths[0])], containers.KEYS)] if paths else []
    totals = {field: sum(r[field] for r in results) for field in ("rows", "found", "exact", "spurious")}
    totals["files"] = results
    return totals


def reads_pdf(jixiao):
    listing = subprocess.run([jixiao, "formats"], capture_output=True, text=True).stdout
    return any(line.split()[:1] == ["pdf"] for line in listing.splitlines())


def as_layout_text(paths, folder):
    """The PDFs' text layer as poppler lays it out, one .txt per PDF."""
    os.makedirs(folder, exist_ok=True)
    texts = []
    for path in paths:
        text = os.path.join(folder, os.path.splitext(os.path.basename(path))[0] + ".txt")
        subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", path, text], check=True)
        texts.append(text)
    return texts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default="docx,html")
    parser.add_argument("--jixiao", default=os.path.join(accuracy.ROOT, ".build", "debug", "jixiao"))
    parser.add_argument("--json", help="write the scores here as JSON")
    parser.add_argument("--keep", help="generate into this folder and keep it")
    parser.add_argument("--quiet", action="store_true", help="no problem lines under the files")
    parser.add_argument("--record-floor", action="store_true", help="write the figures of the containers scored as the test floor")
    options = parser.parse_args()
    formats = [f for f in options.formats.split(",") if f]
    out = options.keep or tempfile.mkdtemp(prefix="jixiao-containers-")
    try:
        written = containers.generate(out, formats)
        labels = {f: f".{f}" for f in formats}
        if "pdf" in formats and not reads_pdf(options.jixiao):
            written["pdf"] = as_layout_text(written["pdf"], os.path.join(out, "pdf-text"))
            labels["pdf"] = ".pdf (as `pdftotext -layout` text)"
        scores = {f: score_container(options.jixiao, written[f]) for f in formats}
    finally:
        if not options.keep:
            shutil.rmtree(out, ignore_errors=True)
    print("| container | files | rows | found | exact | spurious |")
    print("|---|---|---|---|---|---|")
    for f in formats:
        s = scores[f]
        share = s["exact"] / s["rows"] if s["rows"] else 0.0
        print(f"| {labels[f]} | {len(s['files'])} | {s['rows']} | {s['found']} | {s['exact']} ({share:.1%}) | {s['spurious']} |")
    for f in formats:
        below = [r for r in scores[f]["files"] if r["exact"] < r["rows"]]
        print(f"\n{labels[f]}: {len(below)} files under 100 %" + (":" if below else ""))
        for r in below:
            print(f"  {os.path.basename(r['file'])}: {r['exact']}/{r['rows']} exact, {r['found']} found, "
                  f"{r['spurious']} spurious, exit {r['exit']}")
            if not options.quiet:
                for problem in r["problems"]:
                    print(f"      {problem}")
    if options.record_floor:
        floor = {f: {"exact_share": int(scores[f]["exact"] / scores[f]["rows"] * 1000) / 1000,
                     "files": {os.path.basename(r["file"]): r["exact"] for r in scores[f]["files"]}}
                 for f in ("docx", "html", "pdf") if f in scores}
        if os.path.exists(FLOOR):
            # A container not scored this time keeps the floor it had.
            with open(FLOOR, encoding="utf-8") as handle:
                floor = {**json.load(handle), **floor}
        with open(FLOOR, "w", encoding="utf-8") as handle:
            json.dump(floor, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    if options.json:
        with open(options.json, "w", encoding="utf-8") as handle:
            json.dump(scores, handle, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
