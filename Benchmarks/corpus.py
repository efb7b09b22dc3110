"""Generates a benchmark corpus from the example filings: COUNT text filings, each a copy of one
example with its figures varied (so no two files are alike) and its layout kept.

    python3 Benchmarks/corpus.py OUT_DIR COUNT [SEED]
"""
import pathlib
import random
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"(?<![0-9A-Za-z_])(\d{1,4})(\.\d+)?(?![0-9A-Za-z_])")


def vary(text, rng):
    """Changes small figures (targets, percentages, amounts) but leaves years and codes alone."""

    def replace(match):
        whole = match.group(1)
        if len(whole) == 4 and whole.startswith("20"):
            return match.group(0)  # a year
        value = max(0, int(whole) + rng.randint(-3, 3))
        return str(value) + (match.group(2) or "")

    return NUMBER.sub(replace, text)


def main():
    out = pathlib.Path(sys.argv[1])
    count = int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    examples = sorted((ROOT / "Examples").glob("*.txt"))
    texts = [(path.stem, path.read_text(encoding="utf-8")) for path in examples]
    out.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        stem, text = texts[index % len(texts)]
        (out / f"{index:05d}-{stem}.txt").write_text(vary(text, rng), encoding="utf-8")


if __name__ == "__main__":
    main()
