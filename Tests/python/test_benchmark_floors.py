"""The plain-C floors in Benchmarks/c, which the benchmarks measure Jixiao against, still build,
and the YAML floor does what it says on canonical filings Jixiao writes: it parses every event,
and emitting those events again with Jixiao's emitter settings gives back the same bytes (so what
it times for the canonical copy is what writing that copy costs libyaml)."""
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

FLOORS = {
    "export_floor": ["yaml-0.1", "xlsxwriter"],
    "form_floor": ["xlsxwriter"],
    "yaml_floor": ["yaml-0.1"],
}


def compiler():
    # Benchmarks/run.sh's choice: gcc where installed, else the clang that comes with Swift.
    found = shutil.which("gcc") or shutil.which("clang") or shutil.which("cc")
    assert found, "no C compiler: neither gcc nor clang is on PATH"
    return found


@pytest.fixture(scope="module")
def floors(tmp_path_factory):
    folder = tmp_path_factory.mktemp("floors")
    for name, packages in FLOORS.items():
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", *packages], capture_output=True, text=True, check=True).stdout.split()
        built = subprocess.run([compiler(), "-O2", "-Wall", "-o", folder / name, ROOT / "Benchmarks/c" / f"{name}.c", *flags],
                               capture_output=True, text=True)
        assert built.returncode == 0, f"{name}.c does not build:\n{built.stderr}"
    return folder


@pytest.fixture(scope="module")
def canonical_filings(jixiao, tmp_path_factory):
    folder = tmp_path_factory.mktemp("canonical")
    texts = sorted((ROOT / "Examples").glob("*.txt"))
    assert len(texts) >= 4
    for text in texts:
        done = jixiao("convert", text, "--out-dir", folder, "--quiet")
        assert done.returncode == 0, done.stderr.decode()
    filings = sorted(folder.glob("*.yaml"))
    assert len(filings) >= len(texts)
    return filings


def run(floors, *arguments):
    return subprocess.run([floors / "yaml_floor", *map(str, arguments)], capture_output=True, text=True, timeout=120)


def test_yaml_floor_parses_every_filing(floors, canonical_filings):
    done = run(floors, *canonical_filings)
    assert done.returncode == 0, done.stderr
    found = re.fullmatch(r"(\d+) files, (\d+) events, 0 bytes emitted\n", done.stdout)
    assert found, done.stdout
    assert int(found.group(1)) == len(canonical_filings)
    # A stream, a document, the filing's mapping and at least one indicator's: well over 20 a file.
    assert int(found.group(2)) > 20 * len(canonical_filings)


def test_emitting_jixiaos_filings_again_gives_the_same_bytes(floors, canonical_filings):
    done = run(floors, "--emit", *canonical_filings)
    assert done.returncode == 0, done.stderr
    size = sum(path.stat().st_size for path in canonical_filings)
    count = len(canonical_filings)
    found = re.fullmatch(r"(\d+) files, \d+ events, (\d+) bytes emitted, (\d+) of them the same bytes as read\n", done.stdout)
    assert found, done.stdout
    assert [int(group) for group in found.groups()] == [count, size, count]


def test_other_yaml_is_emitted_in_another_layout(floors, tmp_path):
    # Flow style and a comment: libyaml emits the same events in its own way, so not the same bytes.
    other = tmp_path / "other.yaml"
    other.write_text("# a comment\nfiling: {title: 绩效目标, year: 2024}\n", encoding="utf-8")
    done = run(floors, "--emit", other)
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(", 0 of them the same bytes as read\n"), done.stdout


def test_malformed_yaml_is_named_with_its_line(floors, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("filing:\n  title: a\n  - b\n", encoding="utf-8")
    done = run(floors, broken)
    assert done.returncode == 2
    assert re.match(rf"yaml_floor: {re.escape(str(broken))}:3: ", done.stderr), done.stderr
