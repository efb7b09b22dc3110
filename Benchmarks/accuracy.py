#!/usr/bin/env python3
"""Scores the reader on real filings against hand-made answer keys.

Each filing is read with `jixiao convert FILE --to yaml`; its indicator rows are compared with the
key's rows (level1, level2, name, op, value, unit, period). A key row is *found* when the reader
gives a row of that name in that period, and *exact* when every field agrees. Rows the reader gives
that no key has are counted as *spurious*.

    python3 Benchmarks/accuracy.py [--jixiao PATH] [--json OUT] [--quiet] [--keys DIR] [PAIR_DIR ...]

With no folders, the corpus `Tests/RealFilings/` and the seeds (`../shared/seeds/` with
`keys/NNN.expected.yaml`) are scored. With `--keys DIR`, every file in the folders (a .docx,
.html or .pdf laid out from a key by Benchmarks/containers.py) is scored against DIR/STEM.key.yaml.
Exit status 0; the numbers are the result.
"""
import argparse
import json
import os
import re
import subprocess
import sys
from decimal import Decimal, InvalidOperation

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPACES = re.compile(r"\s+")
PERCENT = {"%", "％", "百分比", "百分率"}


def compact(text):
    return SPACES.sub("", str(text)) if text is not None else None


def level(text):
    """Level names compare without spaces and without the 指标 suffix."""
    text = compact(text)
    if text is None:
        return None
    return text[:-2] if text.endswith("指标") else text


def number(value):
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    try:
        return Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return None


def same_value(expected, actual):
    left, right = number(expected), number(actual)
    if left is not None and right is not None:
        return left == right
    if expected is None or actual is None:
        return expected is None and actual is None
    return compact(expected) == compact(actual)


def same_unit(expected, actual):
    if expected in PERCENT:
        expected = "%"
    if actual in PERCENT:
        actual = "%"
    return compact(expected) == compact(actual)


def key_rows(path):
    with open(path, encoding="utf-8") as handle:
        key = yaml.safe_load(handle)
    rows = []
    for filing in key.get("filings") or []:
        for row in filing.get("indicators") or []:
            rows.append(row)
    return rows


def reader_rows(jixiao, path):
    run = subprocess.run([jixiao, "convert", path, "--to", "yaml", "--quiet"],
                         capture_output=True, timeout=120)
    rows = []
    try:
        documents = list(yaml.safe_load_all(run.stdout.decode("utf-8")))
    except yaml.YAMLError:
        documents = []
    for filing in documents:
        for row in (filing or {}).get("indicators") or []:
            rows.append(row)
    return rows, run.returncode, run.stderr.decode("utf-8", "replace")


def fields_of(row):
    """The reader's row as the key writes it: levels as written, the unit as normalised."""
    written = row.get("written") or {}
    return {
        "period": row.get("period", "annual"),
        "level1": (row.get("level1"), written.get("level1")),
        "level2": (row.get("level2"), written.get("level2")),
        "name": row.get("name"),
        "op": row.get("op"),
        "value": row.get("value"),
        "unit": row.get("unit"),
    }


def differences(expected, actual):
    diffs = []
    for field in ("level1", "level2"):
        want = level(expected.get(field))
        if want not in (level(actual[field][0]), level(actual[field][1])):
            diffs.append(f"{field}: want {expected.get(field)!r}, got {actual[field][0]!r}")
    if compact(expected.get("name")) != compact(actual["name"]):
        diffs.append(f"name: want {expected.get('name')!r}, got {actual['name']!r}")
    if (expected.get("op") or None) != (actual["op"] or None):
        diffs.append(f"op: want {expected.get('op')!r}, got {actual['op']!r}")
    if not same_value(expected.get("value"), actual["value"]):
        diffs.append(f"value: want {expected.get('value')!r}, got {actual['value']!r}")
    if not same_unit(expected.get("unit"), actual["unit"]):
        diffs.append(f"unit: want {expected.get('unit')!r}, got {actual['unit']!r}")
    return diffs


def score(jixiao, text_path, key_path):
    expected = key_rows(key_path)
    got, status, stderr = reader_rows(jixiao, text_path)
    actual = [fields_of(row) for row in got]
    used = set()
    found = exact = 0
    misses = []
    for want in expected:
        period = want.get("period", "annual")
        name = compact(want.get("name"))
        match = next((i for i, row in enumerate(actual)
                      if i not in used and row["period"] == period and compact(row["name"]) == name), None)
        if match is None:
            # Found under another name only when levels and target agree: a name misread.
            match = next((i for i, row in enumerate(actual)
                          if i not in used and row["period"] == period
                          and len(differences(want, row)) == 1), None)
        if match is None:
            misses.append(f"missing: {want.get('name')!r}")
            continue
        used.add(match)
        found += 1
        diffs = differences(want, actual[match])
        if diffs:
            misses.append(f"{want.get('name')!r}: " + "; ".join(diffs))
        else:
            exact += 1
    return {
        "file": os.path.relpath(text_path, ROOT) if text_path.startswith(ROOT) else text_path,
        "rows": len(expected), "found": found, "exact": exact,
        "spurious": len(actual) - len(used), "exit": status, "problems": misses,
    }


def pairs(folders, keys_dir=None):
    """(file, key) pairs: text files beside their keys, or any file against the key of its stem
    in keys_dir."""
    result = []
    if keys_dir is not None:
        for folder in folders:
            for name in sorted(os.listdir(folder)):
                key = os.path.join(keys_dir, os.path.splitext(name)[0] + ".key.yaml")
                if os.path.exists(key):
                    result.append((os.path.join(folder, name), key))
        return result
    for folder in folders:
        keys = os.path.join(folder, "keys")
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".txt"):
                continue
            path = os.path.join(folder, name)
            key = path[:-4] + ".key.yaml"
            if not os.path.exists(key):
                key = os.path.join(keys, name.split("_")[0] + ".expected.yaml")
            if os.path.exists(key):
                result.append((path, key))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*")
    parser.add_argument("--jixiao", default=os.path.join(ROOT, ".build", "debug", "jixiao"))
    parser.add_argument("--json", help="write the scores here as JSON")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    parser.add_argument("--keys", help="score every file in the folders against DIR/STEM.key.yaml")
    options = parser.parse_args()
    folders = options.folders or [os.path.join(ROOT, "Tests", "RealFilings"),
                                  os.path.join(ROOT, "..", "shared", "seeds")]
    results = [score(options.jixiao, text, key) for text, key in pairs(folders, options.keys)]
    rows = sum(r["rows"] for r in results)
    found = sum(r["found"] for r in results)
    exact = sum(r["exact"] for r in results)
    spurious = sum(r["spurious"] for r in results)
    for r in results:
        share = r["exact"] / r["rows"] if r["rows"] else 1.0
        print(f"{r['file']}: {r['exact']}/{r['rows']} exact ({share:.0%}), {r['found']} found, "
              f"{r['spurious']} spurious, exit {r['exit']}")
        if not options.quiet:
            for problem in r["problems"]:
                print(f"    {problem}")
    overall = exact / rows if rows else 1.0
    print(f"total: {len(results)} files, {rows} rows, {found} found, {exact} exact ({overall:.1%}), "
          f"{spurious} spurious")
    if options.json:
        with open(options.json, "w", encoding="utf-8") as handle:
            json.dump({"files": results, "rows": rows, "found": found, "exact": exact,
                       "spurious": spurious}, handle, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
