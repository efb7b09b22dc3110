"""Legacy workbooks (.xls, WPS .et, OpenDocument .ods) are converted by LibreOffice and read as the
.xlsx they become: the same hand-made form, saved by LibreOffice in each format, reads to the
same hand-written rows."""
import shutil
import subprocess

import openpyxl
import pytest
import yaml

from xlsx_support import run_jixiao

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")

ROWS = [("产出指标", "数量指标", "新建农田面积", ">=", 10000, "亩"),
        ("产出指标", "质量指标", "验收合格率", ">=", 95, "%"),
        ("满意度指标", "服务对象满意度指标", "农户满意度", ">=", 90, "%")]


@pytest.fixture(scope="module")
def legacy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("legacy")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "绩效目标表"
    sheet.append(["项目名称", "高标准农田建设"])
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值"])
    sheet.append(["产出指标", "数量指标", "新建农田面积", "≥10000亩"])
    sheet.append([None, "质量指标", "验收合格率", "≥95%"])
    sheet.append(["满意度指标", "服务对象满意度指标", "农户满意度", "≥90%"])
    sheet.merge_cells("A3:A4")
    source = folder / "form.xlsx"
    book.save(source)
    made = {}
    for suffix, filter_name in (("xls", "MS Excel 97"), ("ods", "calc8")):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                        f"{suffix}:{filter_name}", "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
        made[suffix] = folder / f"form.{suffix}"
    made["et"] = folder / "form.et"
    shutil.copy(made["xls"], made["et"])
    # An Excel 97-2003 workbook saved under the name .xlsx.
    made["xls-named-xlsx"] = folder / "misnamed.xlsx"
    shutil.copy(made["xls"], made["xls-named-xlsx"])
    return made


@pytest.mark.parametrize("kind", ["xls", "ods", "et", "xls-named-xlsx"])
def test_a_legacy_workbook_reads_as_its_xlsx(legacy, tmp_path, kind):
    out = tmp_path / "out.yaml"
    run = run_jixiao("convert", legacy[kind], "-o", out)
    assert run.returncode == 0, run.stderr
    filing = next(document for document in yaml.safe_load_all(out.read_text(encoding="utf-8")) if document)
    rows = [(i.get("level1"), i.get("level2"), i["name"], i.get("op"), i.get("value"), i.get("unit")) for i in filing["indicators"]]
    assert rows == ROWS
    assert filing["project"]["name"] == "高标准农田建设"


def test_something_else_named_xls_is_refused_clearly(tmp_path):
    path = tmp_path / "notes.xls"
    path.write_text("这不是工作簿", encoding="utf-8")
    run = run_jixiao("convert", path, "-o", tmp_path / "out.yaml")
    assert run.returncode == 2
    assert "[xls-not-a-workbook]" in run.stderr and "notes.xls" in run.stderr
