"""The release build, run by scripts/test.sh with JIXIAO_BUILD=release beside a share of the other
tests: it allocates with mimalloc in place of glibc's malloc (Package.swift), which the debug
build, the sanitizers' build, does not."""
import os
import re
import subprocess

import pytest

from conftest import BUILD, JIXIAO_BINARY

pytestmark = pytest.mark.skipif(BUILD != "release", reason="checks the release build (JIXIAO_BUILD=release)")


def test_the_release_build_allocates_with_mimalloc():
    # mimalloc being loaded is not enough: malloc must resolve to it, not to the C library, which
    # depends on the order of the libraries the binary names. The dynamic linker tells where each
    # library's calls to malloc and free go.
    run = subprocess.run([JIXIAO_BINARY, "formats"], capture_output=True, text=True,
                         env={**os.environ, "LD_DEBUG": "bindings"}, timeout=60)
    assert run.returncode == 0, run.stderr[-400:]
    assert "xlsx" in run.stdout, run.stdout[:400]
    targets = {name: re.findall(rf"to (\S+) \[\d+\]: normal symbol `{name}'", run.stderr) for name in ("malloc", "free", "realloc")}
    for name, libraries in targets.items():
        assert libraries, f"no binding of {name} reported"
        assert all("libmimalloc" in library for library in libraries), f"{name} binds to {sorted(set(libraries))}"
