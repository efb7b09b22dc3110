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


# The build the tests run: debug, or with JIXIAO_BUILD=release the release build, which differs in
# its optimiser and its allocator (mimalloc, Package.swift); scripts/test.sh runs a share of the
# tests on each. JIXIAO_BIN names another binary outright.
BUILD = os.environ.get("JIXIAO_BUILD", "debug")
JIXIAO_BINARY = pathlib.Path(os.environ.get("JIXIAO_BIN", ROOT / ".build" / BUILD / "jixiao"))


@pytest.fixture(scope="session")
def jixiao():
    """Runs the jixiao command of the build under test (scripts/test.sh builds it first)."""
    binary = JIXIAO_BINARY
    assert binary.exists(), f"{binary} is missing: run `swift build` first"

    def run(*arguments, stdin=None):
        # A hang fails its test instead of holding up the whole run.
        return subprocess.run([str(binary), *map(str, arguments)], input=stdin, capture_output=True, timeout=300)

    return run
