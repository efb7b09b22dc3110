"""Runs the benchmarks side by side and prints a table of wall time and peak memory with ratios.
Called by Benchmarks/run.sh after the release build; every measurement is one fresh process.

    python3 Benchmarks/bench.py [--filings N] [--export-rows N]
"""
import argparse
import json
import os
import pathlib
import platform
import resource
import shutil
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
# JIXIAO_BINARY measures another build (a copy kept while the tree is rebuilt, or an older one).
JIXIAO = pathlib.Path(os.environ.get("JIXIAO_BINARY", ROOT / ".build" / "release" / "jixiao"))
FLOOR = WORK / "export_floor"
FORM_FLOOR = WORK / "form_floor"
YAML_FLOOR = WORK / "yaml_floor"
PY = sys.executable


def measure(label, command):
    """Wall time and peak resident memory of one command, run in a fresh child process. Files
    written by the step before are flushed first, so that their write-back is not timed."""
    os.sync()
    script = (
        "import resource, subprocess, sys, time, json\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "wall = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime\n"
        "print(json.dumps({'wall': wall, 'cpu': cpu, 'peak_kb': peak, 'status': done.returncode, 'stderr': done.stderr.decode()[-400:]}))\n"
    )
    result = json.loads(subprocess.run([PY, "-c", script, *map(str, command)], capture_output=True, text=True, check=True).stdout)
    if result["status"] != 0:
        sys.exit(f"{label} failed ({result['status']}): {result['stderr']}")
    print(f"  {label}: {result['wall']:.2f} s, {result['cpu']:.2f} s of processor time, {result['peak_kb'] / 1024:.0f} MB", flush=True)
    return result


def added(first, second):
    """Two measured commands as if run one after the other: times add, the peak is the larger."""
    return {"wall": first["wall"] + second["wall"], "cpu": first["cpu"] + second["cpu"],
            "peak_kb": max(first["peak_kb"], second["peak_kb"])}


def fresh_dir(folder):
    """An empty output folder that exists (the C floor writes into it, it does not create it)."""
    fresh(folder)
    pathlib.Path(folder).mkdir(parents=True)
    return folder


def files(folder, suffix):
    return sorted(str(p) for p in pathlib.Path(folder).glob(f"*{suffix}"))


# On a file system without a journal (this machine's ext4), a file created within 60 seconds of
# thousands of others being deleted searches past each just-freed inode (ext4's
# `recently_deleted`: seconds of kernel time over a batch of outputs). That is the harness's own
# clean-up, not the tool being measured: the last run's outputs are removed once, at the start,
# and left to age before anything is timed; every step then writes into a folder of its own.
SETTLE_SECONDS = 61


def clear_last_run():
    old = [path for path in WORK.iterdir() if path.is_dir()]
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
    if old:
        os.sync()
        print(f"(the last run's outputs removed; waiting {SETTLE_SECONDS} s for the file system to settle)", flush=True)
        time.sleep(SETTLE_SECONDS)


def fresh(folder):
    """An output folder no earlier step of this run wrote into."""
    if pathlib.Path(folder).exists():
        sys.exit(f"{folder} was written by an earlier step of this run: give each step its own folder")
    return folder


def same_cells(pairs, values_only=False):
    args = [str(p) for pair in pairs for p in pair]
    flags = ["--values-only"] if values_only else []
    done = subprocess.run([PY, HERE / "python/same_cells.py", *flags, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("outputs differ:\n" + done.stdout)
    return done.stdout.strip().splitlines()[-1]


def fastexcel_installed():
    """fastexcel (and pyarrow, which it hands its columns over in) where they could be installed."""
    return subprocess.run([PY, "-c", "import fastexcel, pyarrow"], capture_output=True).returncode == 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--filings", type=int, default=2000, help="text filings in the batch corpus")
    parser.add_argument("--export-rows", type=int, default=1_000_000, help="indicator rows in the consolidated export")
    parser.add_argument("--without-python-export", action="store_true",
                        help="leave out PyYAML + XlsxWriter on the export (minutes on a busy machine)")
    options = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    clear_last_run()
    rows = []

    print(f"corpus: {options.filings} text filings derived from Examples/", flush=True)
    text = fresh(WORK / "text")
    subprocess.run([PY, HERE / "corpus.py", text, str(options.filings)], check=True)
    texts = files(text, ".txt")

    print("1. text -> XLSX (national-core form), batch", flush=True)
    one = measure("jixiao -j 1", [JIXIAO, "convert", text, "--out-dir", fresh(WORK / "xlsx-j1"), "--template", "national-core", "--to", "xlsx", "-j", "1", "--quiet"])
    two = measure("jixiao -j 2", [JIXIAO, "convert", text, "--out-dir", fresh(WORK / "xlsx-j2"), "--template", "national-core", "--to", "xlsx", "-j", "2", "--quiet"])
    outputs = len(files(WORK / "xlsx-j2", ".xlsx"))
    rows.append(("text -> XLSX batch, jixiao -j 2 vs -j 1", f"{len(texts)} inputs, {outputs} forms", two, one))

    print("2. canonical YAML -> XLSX form", flush=True)
    yaml_dir = fresh(WORK / "yaml")
    subprocess.run([JIXIAO, "convert", text, "--out-dir", yaml_dir, "--quiet"], check=True)
    yamls = files(yaml_dir, ".yaml")
    jx = measure("jixiao -j 1", [JIXIAO, "convert", yaml_dir, "--out-dir", fresh(WORK / "form-jixiao"), "--template", "national-core", "--to", "xlsx", "-j", "1", "--quiet"])
    jx2 = measure("jixiao -j 2", [JIXIAO, "convert", yaml_dir, "--out-dir", fresh(WORK / "form-jixiao-j2"), "--template", "national-core", "--to", "xlsx", "-j", "2", "--quiet"])
    xw = measure("PyYAML + XlsxWriter", [PY, HERE / "python/form_pipeline.py", "xlsxwriter", fresh(WORK / "form-xlsxwriter"), *yamls])
    op = measure("PyYAML + openpyxl", [PY, HERE / "python/form_pipeline.py", "openpyxl", fresh(WORK / "form-openpyxl"), *yamls])
    rp = measure("PyYAML + rustpy-xlsxwriter (values only)", [PY, HERE / "python/form_pipeline.py", "rustpy", fresh(WORK / "form-rustpy"), *yamls])
    sample = [pathlib.Path(y).stem + ".xlsx" for y in yamls[:5]]
    print("  " + same_cells([(WORK / "form-jixiao" / s, WORK / "form-xlsxwriter" / s) for s in sample]
                            + [(WORK / "form-jixiao" / s, WORK / "form-openpyxl" / s) for s in sample]))
    print("  " + same_cells([(WORK / "form-jixiao" / s, WORK / "form-rustpy" / s) for s in sample], values_only=True))
    rows.append(("YAML -> XLSX form: jixiao -j 1 vs PyYAML + XlsxWriter", f"{len(yamls)} filings", jx, xw))
    rows.append(("YAML -> XLSX form: jixiao -j 1 vs PyYAML + openpyxl", f"{len(yamls)} filings", jx, op))
    rows.append(("YAML -> XLSX form: jixiao -j 1 vs PyYAML + rustpy-xlsxwriter (values only)", f"{len(yamls)} filings", jx, rp))
    rows.append(("YAML -> XLSX form: jixiao -j 2 vs PyYAML + XlsxWriter", f"{len(yamls)} filings", jx2, xw))
    # The floor: libxlsxwriter writing the same workbooks from their cells, looks, merges, widths,
    # dropdowns and protection (read by openpyxl from Jixiao's forms, not timed), in plain C, with
    # Jixiao's temporary folder and then with libxlsxwriter's other options. (Constant-memory mode
    # is left out: it cannot write these forms, see Benchmarks/c/form_floor.c.)
    dump = WORK / "form-cells.txt"
    subprocess.run([PY, HERE / "python/form_cells.py", dump, *files(WORK / "form-jixiao", ".xlsx")], check=True)
    shm = ["--tmpdir", "/dev/shm"] if os.access("/dev/shm", os.W_OK) else []
    fc = measure("C: libxlsxwriter, same cells (temporary files in /dev/shm, as Jixiao)", [FORM_FLOOR, dump, fresh_dir(WORK / "form-c"), *shm])
    fct = measure("C: the same, temporary files in the system's folder", [FORM_FLOOR, dump, fresh_dir(WORK / "form-c-tmp")])
    fcz = measure("C: the same, ZIP64", [FORM_FLOOR, dump, fresh_dir(WORK / "form-c-zip64"), "--zip64", *shm])
    # Jixiao's release build allocates with mimalloc; the same allocator under the floor shows
    # how much of the gap is the allocator's.
    mimalloc = pathlib.Path("/usr/lib/x86_64-linux-gnu/libmimalloc.so.2")
    fcm = measure("C: the same, with mimalloc (LD_PRELOAD)", ["env", f"LD_PRELOAD={mimalloc}", FORM_FLOOR, dump, fresh_dir(WORK / "form-c-mimalloc"), *shm]) \
        if mimalloc.exists() else None
    if not fcm:
        print(f"  (no {mimalloc}: the floors run with the system's malloc only)", flush=True)
    print("  " + same_cells([(WORK / "form-jixiao" / s, WORK / "form-c" / s) for s in sample]
                            + ([(WORK / "form-jixiao" / s, WORK / "form-c-mimalloc" / s) for s in sample] if fcm else [])))
    rows.append(("YAML -> XLSX form: jixiao -j 1 vs C libxlsxwriter floor (same workbooks)", f"{len(yamls)} filings", jx, fc))
    rows.append(("YAML -> XLSX form: C floor, /dev/shm vs the system's temporary folder", f"{len(yamls)} filings", fc, fct))
    rows.append(("YAML -> XLSX form: C floor, /dev/shm vs ZIP64", f"{len(yamls)} filings", fc, fcz))
    if fcm:
        rows.append(("YAML -> XLSX form: jixiao -j 1 vs C floor with mimalloc", f"{len(yamls)} filings", jx, fcm))
    # libyaml's own cost for the same filings: parsing them into events (the least any reader over
    # libyaml does), and parsing them with every event emitted again as Jixiao's canonical copy is.
    # Added to the floor above (both with Jixiao's allocator where there is one), that is the least
    # any writer over libyaml and libxlsxwriter can take, so the most it can be faster than the
    # Python pipeline: the bound on the 5x goal.
    preload = ["env", f"LD_PRELOAD={mimalloc}"] if fcm else []
    yp = measure("C: libyaml parsing the same filings", [*preload, YAML_FLOOR, *yamls])
    ye = measure("C: libyaml parsing them and emitting every event again", [*preload, YAML_FLOOR, "--emit", *yamls])
    base = fcm or fc
    rows.append(("YAML -> XLSX form: C floors (libyaml parsing + libxlsxwriter) vs PyYAML + XlsxWriter", f"{len(yamls)} filings", added(yp, base), xw))
    rows.append(("YAML -> XLSX form: C floors (libyaml parsing and emitting + libxlsxwriter) vs PyYAML + XlsxWriter", f"{len(yamls)} filings", added(ye, base), xw))

    print("3. reading XLSX forms back", flush=True)
    forms = files(WORK / "form-jixiao", ".xlsx")
    rd = measure("jixiao -j 1 (to canonical YAML)", [JIXIAO, "convert", WORK / "form-jixiao", "--out-dir", fresh(WORK / "back"), "-j", "1", "--quiet"])
    rd2 = measure("jixiao -j 2 (to canonical YAML)", [JIXIAO, "convert", WORK / "form-jixiao", "--out-dir", fresh(WORK / "back-j2"), "-j", "2", "--quiet"])
    ro = measure("openpyxl read-only (cells only)", [PY, HERE / "python/read_openpyxl.py", *forms])
    ca = measure("python-calamine (cells only)", [PY, HERE / "python/read_calamine.py", "calamine", *forms])
    rows.append(("read XLSX forms: jixiao -j 1 vs openpyxl read-only", f"{len(forms)} forms", rd, ro))
    rows.append(("read XLSX forms: jixiao -j 2 vs openpyxl read-only", f"{len(forms)} forms", rd2, ro))
    rows.append(("read XLSX forms: jixiao -j 1 vs python-calamine", f"{len(forms)} forms", rd, ca))
    rows.append(("read XLSX forms: jixiao -j 2 vs python-calamine", f"{len(forms)} forms", rd2, ca))
    if fastexcel_installed():
        fx = measure("fastexcel (cells only)", [PY, HERE / "python/read_calamine.py", "fastexcel", *forms])
        rows.append(("read XLSX forms: jixiao -j 1 vs fastexcel", f"{len(forms)} forms", rd, fx))

    print(f"4. consolidated export of {options.export_rows:,} indicator rows", flush=True)
    per_pass = 0
    for path in yamls:
        per_pass += sum(1 for line in open(path, encoding="utf-8") if line.startswith("- level1:") or line.startswith("- name:"))
    streams = fresh(WORK / "streams")
    streams.mkdir()
    stream = streams / "all.yaml"
    with open(stream, "w", encoding="utf-8") as out:
        for index, path in enumerate(yamls):
            if index:
                out.write("---\n")
            out.write(open(path, encoding="utf-8").read())
    copies = -(-options.export_rows // max(per_pass, 1))
    inputs = [stream] * copies
    total = per_pass * copies
    ex1 = measure("jixiao export -j 1", [JIXIAO, "export", *inputs, "-o", WORK / "export-jixiao.xlsx", "-j", "1", "--quiet"])
    ex2 = measure("jixiao export -j 2", [JIXIAO, "export", *inputs, "-o", WORK / "export-jixiao-j2.xlsx", "-j", "2", "--quiet"])
    fl = measure("C: libyaml + libxlsxwriter", [FLOOR, WORK / "export-floor.xlsx", *inputs])
    rows.append(("export: jixiao -j 1 vs C floor", f"{total:,} rows", ex1, fl))
    rows.append(("export: jixiao -j 2 vs C floor", f"{total:,} rows", ex2, fl))
    if not options.without_python_export:
        pe = measure("PyYAML + XlsxWriter", [PY, HERE / "python/export_xlsxwriter.py", WORK / "export-python.xlsx", *inputs])
        rows.append(("export: jixiao -j 2 vs PyYAML + XlsxWriter", f"{total:,} rows", ex2, pe))

    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; Python {platform.python_version()}",
        "",
        "| comparison | size | jixiao | other | time ratio (other / jixiao) | processor time ratio | peak memory jixiao / other |",
        "|---|---|---|---|---|---|---|",
    ]
    # Processor time (user + system, all threads) is less moved than wall time by other work on a
    # shared machine; with several jobs it adds the cores' time, so it shows the work, not the wait.
    for name, size, ours, theirs in rows:
        lines.append(
            f"| {name} | {size} | {ours['wall']:.2f} s | {theirs['wall']:.2f} s | {theirs['wall'] / ours['wall']:.2f}x"
            f" | {theirs['cpu'] / max(ours['cpu'], 1e-9):.2f}x"
            f" | {ours['peak_kb'] / 1024:.0f} MB / {theirs['peak_kb'] / 1024:.0f} MB |")
    table = "\n".join(lines)
    print("\n" + table)
    (WORK / "results.md").write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
