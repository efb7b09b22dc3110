"""An output that cannot be created is reported once, at the path the user gave: not at the hidden
temporary file Jixiao writes first, and without libxlsxwriter's own log line. /proc is a folder
that exists and that no one (root included) can create files in."""
import os
import subprocess

import pytest

from conftest import JIXIAO_BINARY, ROOT

EXAMPLE = ROOT / "Examples" / "yunnan-chenggong-2021-project.txt"


@pytest.mark.parametrize("arguments, output", [
    (["convert", EXAMPLE, "--template", "yunnan-project", "-o"], "/proc/jixiao-test.xlsx"),
    (["convert", EXAMPLE, "-o"], "/proc/jixiao-test.yaml"),
    (["export", ROOT / "Examples", "-o"], "/proc/jixiao-test.xlsx"),
])
def test_an_output_that_cannot_be_created_is_named_as_given(jixiao, arguments, output):
    done = jixiao(*arguments, output)
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    lines = [line for line in stderr.splitlines() if "error:" in line or "[ERROR]" in line]
    assert lines == [f"{output}: error: cannot create the file: No such file or directory [output-failed]"], stderr
    assert ".partial" not in stderr and "workbook_close" not in stderr


def test_a_relative_output_path_is_named_as_written():
    done = subprocess.run([str(JIXIAO_BINARY), "convert", EXAMPLE, "-o", "sys/jixiao-test.yaml"],
                          cwd="/proc", capture_output=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.decode() == "sys/jixiao-test.yaml: error: cannot create the file: No such file or directory [output-failed]\n"


def test_a_workbook_for_standard_output_that_cannot_be_made_names_standard_output():
    # The workbook is made in a temporary file first (a zip cannot be streamed as it is made).
    done = subprocess.run([str(JIXIAO_BINARY), "convert", EXAMPLE, "--template", "yunnan-project", "-o", "-"],
                          env={**os.environ, "TMPDIR": "/proc"}, capture_output=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.decode() == "-: error: cannot create the file: No such file or directory [output-failed]\n"
