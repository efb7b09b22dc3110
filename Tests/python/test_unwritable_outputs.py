"""An output that cannot be created is reported once, at the path the user gave: not at the hidden
temporary file Jixiao writes first, and without libxlsxwriter's own log line. /proc is a folder
that exists and that no one (root included) can create files in."""
import pytest

from conftest import ROOT

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
