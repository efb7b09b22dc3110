"""Shared by the XLSX checks: the jixiao binary, the fixtures, and XLSX outputs made once per module."""
import pathlib
import subprocess

import pytest
import yaml

from conftest import JIXIAO_BINARY

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests" / "JixiaoTests" / "Fixtures" / "xlsx"
TEMPLATES = ["hebei-project-combined", "hebei-project-split", "hubei-department",
             "hunan-department", "national-core", "yunnan-project"]


def template_version(template):
    """The latest released version of a template: the one `--template ID` writes."""
    versions = []
    for path in (ROOT / "Schemas" / "templates").glob(f"{template}@*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["status"] == "released":
            versions.append(tuple(int(part) for part in str(data["version"]).split(".")))
    return ".".join(map(str, max(versions)))


def template_data(template):
    """A template's latest description (Schemas/templates/), as PyYAML reads it."""
    path = ROOT / "Schemas" / "templates" / f"{template}@{template_version(template)}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def workbook_index():
    """The index sheet's description (Schemas/workbooks/), as PyYAML reads it."""
    return yaml.safe_load((ROOT / "Schemas" / "workbooks" / "index@1.0.0.yaml").read_text(encoding="utf-8"))


def field(filing, path):
    """A canonical field by its path (project.budget.total); None when absent."""
    value = filing
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def jixiao_binary():
    binary = JIXIAO_BINARY
    if not binary.exists():
        pytest.fail(f"{binary} is missing: run `swift build` first (or set JIXIAO_BIN)")
    return binary


def run_jixiao(*arguments):
    return subprocess.run([str(jixiao_binary()), *map(str, arguments)], capture_output=True, text=True)


def saved_and_read(book, path):
    """Saves an openpyxl workbook and reads it with jixiao, which must succeed: the run and the
    filings it gives, as PyYAML reads them."""
    book.save(path)
    result = run_jixiao("convert", path, "-v")
    assert result.returncode == 0, result.stderr
    return result, [document for document in yaml.safe_load_all(result.stdout) if document]


def fixture_names():
    return sorted(path.stem for path in FIXTURES.glob("*.yaml"))


@pytest.fixture(scope="session")
def outputs(tmp_path_factory):
    """Every fixture written with every template: {(fixture, template): path}."""
    folder = tmp_path_factory.mktemp("xlsx")
    made = {}
    for fixture in fixture_names():
        for template in TEMPLATES:
            path = folder / f"{fixture}--{template}.xlsx"
            result = run_jixiao("convert", FIXTURES / f"{fixture}.yaml", "--template", template, "-o", path, "-q")
            assert result.returncode == 0, result.stderr
            made[(fixture, template)] = path
    return made
