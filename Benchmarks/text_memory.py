#!/usr/bin/env python3
"""Peak memory and time of reading long texts, against the input's size.

Builds texts of several sizes from the real filings (Tests/RealFilings) and the examples, each the
corpus repeated, converts each with `jixiao convert TEXT -o OUT.yaml`, and prints the peak resident
memory over the input size and the time per megabyte: both should stay flat as the input grows
(memory at most 8 times the input is the target).

    python3 Benchmarks/text_memory.py [--jixiao PATH] [--sizes 4,16,32]
"""
import argparse
import glob
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def corpus():
    paths = sorted(glob.glob(os.path.join(ROOT, "Tests", "RealFilings", "*.txt")))
    paths += sorted(glob.glob(os.path.join(ROOT, "Examples", "*.txt")))
    return "\n".join(open(path, encoding="utf-8").read() for path in paths) + "\n"


def measure(jixiao, path, out):
    """Runs one conversion in a child and returns (seconds, peak RSS bytes) of that child alone."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    subprocess.run([jixiao, "convert", path, "-o", out, "--quiet"], check=True)
    seconds = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of any child so far: sizes are run smallest first.
    return seconds, max(peak, before) * 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jixiao", default=os.path.join(ROOT, ".build", "release", "jixiao"))
    parser.add_argument("--sizes", default="4,16,32", help="megabytes of text, comma-separated")
    parser.add_argument("--work", default=os.path.join(ROOT, "Benchmarks", ".work", "text-memory"))
    options = parser.parse_args()
    os.makedirs(options.work, exist_ok=True)
    blob = corpus()
    size = len(blob.encode("utf-8"))
    print("| input | time | per MB | peak memory | memory / input |")
    print("|---|---|---|---|---|")
    for megabytes in sorted(int(part) for part in options.sizes.split(",")):
        path = os.path.join(options.work, f"text-{megabytes}mb.txt")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(blob * max(1, megabytes * 1_000_000 // size))
        length = os.path.getsize(path)
        seconds, peak = measure(options.jixiao, path, path + ".yaml")
        print(f"| {length / 1e6:.1f} MB | {seconds:.1f} s | {seconds / (length / 1e6):.2f} s | "
              f"{peak / 1e6:.0f} MB | {peak / length:.1f}x |", flush=True)
        os.remove(path + ".yaml")
        os.remove(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
