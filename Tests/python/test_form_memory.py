"""A long batch keeps memory flat: `jixiao convert` writing 1,000 forms in one process grows by
less than 3 KB a form after the first tenth (Benchmarks/form_memory.py, which samples the
process's resident memory against the forms written). Until 2026-11-30 the batch kept every
input's diagnostics to the end, about 10 KB a form, which this fails on."""
import re
import subprocess
import sys

from conftest import JIXIAO_BINARY, ROOT


def test_writing_a_thousand_forms_in_one_process_keeps_memory_flat(tmp_path):
    run = subprocess.run(
        [sys.executable, ROOT / "Benchmarks" / "form_memory.py", "--forms", "1000", "--only", "write",
         "--work", tmp_path / "work", "--jixiao", JIXIAO_BINARY],
        capture_output=True, text=True, timeout=900)
    rows = [line for line in run.stdout.splitlines() if line.startswith("| text → XLSX forms")]
    assert len(rows) == 1, run.stdout + run.stderr
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert int(cells[1]) >= 1000  # every form was written
    per_thousand = float(re.match(r"([+-][0-9.]+) MB", cells[-2]).group(1))
    # 3 MB a thousand leaves room for the allocator's noise over 900 forms; the leak was 10.66.
    assert per_thousand < 3.0, rows[0]
