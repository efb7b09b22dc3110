"""Writing forms, measured in interleaved rounds: each round runs Jixiao, the C floors and the
PyYAML + XlsxWriter pipeline once each, one after another, so that a slow spell of a shared machine
falls on all of them alike; the medians of their processor time (user + system) are then compared.
It also gives the bound on the 5x goal: how many times faster than the pipeline the floors alone
are (libxlsxwriter writing the same workbooks, plus libyaml parsing the filings, or parsing and
emitting them again as Jixiao's canonical copy is).

Run after `bash Benchmarks/run.sh` (or bench.py), which leaves the filings, the floors' input and
the floors' programs in Benchmarks/.work:

    python3 Benchmarks/interleaved.py [--rounds 5] [--jixiao PATH]
"""
import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
WORK = HERE / ".work"
MIMALLOC = pathlib.Path("/usr/lib/x86_64-linux-gnu/libmimalloc.so.2")


def commands(jixiao, filings):
    """Each measured command, given the folder it may write into."""
    preload = ["env", f"LD_PRELOAD={MIMALLOC}"] if MIMALLOC.exists() else []
    shm = ["--tmpdir", "/dev/shm"] if os.access("/dev/shm", os.W_OK) else []
    return {
        "jixiao -j 1": lambda out: [jixiao, "convert", WORK / "yaml", "--out-dir", out, "--template", "national-core",
                                    "--to", "xlsx", "-j", "1", "--quiet"],
        "C floor, libxlsxwriter": lambda out: [*preload, WORK / "form_floor", WORK / "form-cells.txt", out, *shm],
        "C floor, libyaml parsing": lambda out: [*preload, WORK / "yaml_floor", *filings],
        "C floor, libyaml parsing and emitting": lambda out: [*preload, WORK / "yaml_floor", "--emit", *filings],
        "PyYAML + XlsxWriter": lambda out: [sys.executable, HERE / "python/form_pipeline.py", "xlsxwriter", out, *filings],
    }


def processor_time(command):
    """User + system time of one fresh process and everything it waited for."""
    child = subprocess.Popen([str(part) for part in command], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        sys.exit(f"{command[0]} failed (status {status})")
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jixiao", default=os.environ.get("JIXIAO_BINARY", HERE.parent / ".build/release/jixiao"))
    options = parser.parse_args()
    filings = sorted((WORK / "yaml").glob("*.yaml"))
    needed = [WORK / "form_floor", WORK / "yaml_floor", WORK / "form-cells.txt", pathlib.Path(options.jixiao)]
    missing = [str(path) for path in needed if not path.exists()]
    if missing or not filings:
        sys.exit("run `bash Benchmarks/run.sh` first: missing " + (", ".join(missing) or f"the filings in {WORK / 'yaml'}"))
    measured = commands(options.jixiao, filings)
    times = {name: [] for name in measured}
    scratch = pathlib.Path(tempfile.mkdtemp(dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None))
    try:
        for round_number in range(options.rounds):
            for name, command in measured.items():
                out = scratch / "out"
                out.mkdir()
                times[name].append(processor_time(command(out)))
                shutil.rmtree(out)
            print(f"round {round_number + 1}: " + ", ".join(f"{name} {spent[-1]:.2f} s" for name, spent in times.items()), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    median = {name: statistics.median(spent) for name, spent in times.items()}
    print(f"\n{len(filings)} filings, {options.rounds} rounds, processor time (median, range):")
    for name, spent in times.items():
        print(f"  {name}: {median[name]:.2f} s ({min(spent):.2f}-{max(spent):.2f})")
    pipeline, writing = median["PyYAML + XlsxWriter"], median["C floor, libxlsxwriter"]
    with_parsing = writing + median["C floor, libyaml parsing"]
    with_copy = writing + median["C floor, libyaml parsing and emitting"]
    print(f"jixiao -j 1 vs PyYAML + XlsxWriter: {pipeline / median['jixiao -j 1']:.2f}x")
    print(f"C floors (parsing + libxlsxwriter) vs PyYAML + XlsxWriter: {pipeline / with_parsing:.2f}x")
    print(f"C floors (parsing and emitting + libxlsxwriter) vs PyYAML + XlsxWriter: {pipeline / with_copy:.2f}x")
    print(f"jixiao -j 1 vs those floors: {median['jixiao -j 1'] / with_copy:.2f} times their time; "
          f"5x leaves Jixiao's own work {pipeline / 5 - with_copy:.2f} s, it takes {median['jixiao -j 1'] - with_copy:.2f} s")


if __name__ == "__main__":
    main()
