"""The release build, run by scripts/test.sh with JIXIAO_BUILD=release beside a share of the other
tests: it allocates with mimalloc in place of glibc's malloc (Package.swift), which the debug
build, the sanitizers' build, does not."""
import os
import subprocess

import pytest

from conftest import BUILD, ROOT

pytestmark = pytest.mark.skipif(BUILD != "release", reason="checks the release build (JIXIAO_BUILD=release)")


def test_the_release_build_allocates_with_mimalloc():
    # mimalloc says so on standard error when asked to be verbose; glibc's malloc says nothing.
    run = subprocess.run([ROOT / ".build" / "release" / "jixiao", "formats"], capture_output=True, text=True,
                         env={**os.environ, "MIMALLOC_VERBOSE": "1"}, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "mimalloc: process init" in run.stderr, run.stderr[:400]
    assert "xlsx" in run.stdout, run.stdout[:400]
