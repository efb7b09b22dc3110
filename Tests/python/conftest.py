import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Messages in English, whatever the locale the tests run in (Chinese is the default without one):
# the tests of Chinese messages set LANG or --lang themselves.
os.environ["LANG"] = "C.UTF-8"
os.environ.pop("LC_ALL", None)
os.environ.pop("JIXIAO_LANG", None)


@pytest.fixture(scope="session")
def jixiao():
    """Runs the debug build of the jixiao command (scripts/test.sh builds it first)."""
    binary = ROOT / ".build" / "debug" / "jixiao"
    assert binary.exists(), f"{binary} is missing: run `swift build` first"

    def run(*arguments, stdin=None):
        # A hang fails its test instead of holding up the whole run.
        return subprocess.run([str(binary), *map(str, arguments)], input=stdin, capture_output=True, timeout=300)

    return run
