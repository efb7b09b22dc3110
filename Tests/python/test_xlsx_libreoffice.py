"""LibreOffice opens every XLSX form and converts it to CSV and PDF; the CSV holds the values,
and one form is rendered to PNG (Tests/JixiaoTests/Fixtures/xlsx/docs/ keeps a copy)."""
import csv
import shutil
import subprocess

import pytest
import yaml

from xlsx_support import FIXTURES, outputs  # noqa: F401 (outputs is a fixture)

UTF8_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1"


def soffice():
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.fail("LibreOffice is missing: run scripts/setup.sh --test")
    return binary


def convert(paths, target, folder):
    folder.mkdir(exist_ok=True)
    profile = folder.parent / "lo-profile"
    result = subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
         "--outdir", str(folder), *map(str, paths)],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result


def test_every_form_converts_to_csv_holding_its_values(outputs, tmp_path):
    convert(outputs.values(), UTF8_CSV, tmp_path / "csv")
    for (name, template), path in outputs.items():
        exported = tmp_path / "csv" / (path.stem + ".csv")
        assert exported.exists(), (name, template)
        rows = list(csv.reader(exported.read_text(encoding="utf-8").splitlines()))
        cells = {cell for row in rows for cell in row}
        filing = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
        # Every fixture's indicators have a table on every form.
        for indicator in filing["indicators"]:
            assert indicator["name"] in cells, (name, template, indicator["name"])
        assert "一级指标" in cells and "三级指标" in cells
        # The first sheet is the form: the metadata's YAML is not in it.
        assert not any(cell.startswith("format: jixiao/1") for cell in cells)
    rows = list(csv.reader((tmp_path / "csv" / "hebei-tangshan-project--hebei-project-combined.csv").read_text(encoding="utf-8").splitlines()))
    # A merged level-1 cell exports its text on its first row only.
    assert ["产出指标", "数量指标", "机要文件传递数量", "≥2000份"] in rows
    assert ["", "成本指标", "机要通信经费", "≤3.6万元"] in rows
    assert ["项目名称", "机要通信业务经费", "项目编码", "13020225P008969100011"] in rows
    assert ["项目资金（万元）", "3.60", "财政资金", "3.60"] in rows, "amounts shown with two decimals"


def test_every_form_converts_to_pdf(outputs, tmp_path):
    convert(outputs.values(), "pdf", tmp_path / "pdf")
    for path in outputs.values():
        pdf = tmp_path / "pdf" / (path.stem + ".pdf")
        assert pdf.read_bytes()[:5] == b"%PDF-", path.name
        assert pdf.stat().st_size > 5000


def test_a_form_renders_to_png(outputs, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: run scripts/setup.sh --test")
    source = outputs[("hebei-chengde-project", "hebei-project-split")]
    convert([source], "pdf", tmp_path / "pdf")
    pdf = tmp_path / "pdf" / (source.stem + ".pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png")).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > height, "landscape A4, as the forms are printed"
