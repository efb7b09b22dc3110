"""The XLSX forms as openpyxl sees them: values, merges, dropdowns, locked cells, hidden sheets;
and forms made with openpyxl itself (no metadata sheet) read back by jixiao."""
import datetime
import shutil
import subprocess

import pytest

import openpyxl
import yaml
from openpyxl.utils import get_column_letter

from xlsx_support import FIXTURES, outputs, run_jixiao, saved_and_read, template_version  # noqa: F401 (outputs is a fixture)


def load(path):
    return openpyxl.load_workbook(path)


def fixture(name):
    return yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))


def find(sheet, text):
    """The first cell holding exactly this text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"no cell holds {text!r}")


def right_of(sheet, cell):
    """The cell after the (possibly merged) cell: where a label's value stands."""
    end = cell.column
    for merged in sheet.merged_cells.ranges:
        if cell.coordinate in merged:
            end = merged.max_col
    return sheet.cell(row=cell.row, column=end + 1)


def merge_at(sheet, coordinate):
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == sheet[coordinate].row and merged.min_col == sheet[coordinate].column:
            return merged
    return None


def test_every_output_has_the_form_and_its_hidden_sheets(outputs):
    for (name, template), path in outputs.items():
        book = load(path)
        visible = [sheet.title for sheet in book.worksheets if sheet.sheet_state == "visible"]
        assert len(visible) == 1, (name, template, visible)
        assert book["_jixiao"].sheet_state == "hidden"
        assert book["_jixiao"]["A1"].value == "template"
        assert book["_jixiao"]["B1"].value == f"{template}@{template_version(template)}"
        assert book["_jixiao"]["B2"].value.startswith("format: jixiao/1")


def test_header_values_and_indicator_rows_hold_the_filing(outputs):
    data = fixture("hubei-ezhou-department")
    sheet = load(outputs[("hubei-ezhou-department", "hubei-department")]).active
    assert sheet["A1"].value == "部门整体绩效目标表"
    assert right_of(sheet, find(sheet, "部门名称")).value == "鄂州市机关事务服务中心"
    assert right_of(sheet, find(sheet, "年度")).value == "2024"
    assert right_of(sheet, find(sheet, "年度工作任务")).value == data["department"]["annual_tasks"]
    annual = find(sheet, "年度绩效指标").row
    names = [cell.value for cell in sheet["C"] if cell.value]
    assert names[names.index("三级指标", 0) + 1:names.index("三级指标", 0) + 4] == [i["name"] for i in data["indicators"][:3]]
    row = find(sheet, "预算执行率").row
    assert row > annual
    values = [sheet.cell(row=row, column=column).value for column in range(4, 7)]
    assert values == [96.3, 97.1, "≥95%"]


def test_split_value_columns_and_numbers(outputs):
    sheet = load(outputs[("hebei-chengde-project", "hebei-project-split")]).active
    heading = find(sheet, "指标值")
    assert str(merge_at(sheet, heading.coordinate)) == f"D{heading.row}:F{heading.row}"
    assert [sheet.cell(row=heading.row + 1, column=c).value for c in range(4, 7)] == ["符号", "值", "单位（文字描述）"]
    assert str(merge_at(sheet, f"A{heading.row}")) == f"A{heading.row}:A{heading.row + 1}"
    row = find(sheet, "保洁经费").row
    assert [sheet.cell(row=row, column=c).value for c in range(4, 7)] == ["≤", 120.5, "万元"]
    # A qualitative target as the Chengde form writes it: 文字描述, no value, the text as unit.
    row = find(sheet, "改善辖区环境").row
    assert [sheet.cell(row=row, column=c).value for c in range(4, 7)] == ["文字描述", None, "效果显著"]
    budget = right_of(sheet, find(sheet, "项目资金（万元）"))
    assert budget.value == 120.5 and budget.number_format == "#,##0.00"
    assert right_of(sheet, find(sheet, "6月底支出（%）")).value == 30


def test_level_names_are_merged_down_their_rows(outputs):
    sheet = load(outputs[("hebei-chengde-project", "hebei-project-split")]).active
    first = find(sheet, "保洁道路面积").row
    assert str(merge_at(sheet, f"A{first}")) == f"A{first}:A{first + 3}"
    assert sheet[f"A{first}"].value == "产出指标"
    assert merge_at(sheet, f"B{first}") is None, "each level 2 of that group is one row"
    sheet = load(outputs[("hunan-hengyang-department", "hunan-department")]).active
    first = find(sheet, "文体活动次数").row
    assert str(merge_at(sheet, f"A{first}")) == f"A{first}:A{first + 2}"
    assert str(merge_at(sheet, f"B{first}")) == f"B{first}:B{first + 1}"
    assert sheet[f"B{first}"].value == "数量指标"


def test_dropdowns_for_levels_operators_units_and_nature(outputs):
    book = load(outputs[("yunnan-chenggong-project", "yunnan-project")])
    sheet = book.active
    validations = {str(v.sqref).split(":")[0][0]: v for v in sheet.data_validations.dataValidation}
    assert set(validations) == {"A", "B", "D", "F", "G"}
    assert all(v.type == "list" for v in validations.values())
    assert validations["A"].formula1 == '"产出指标,效益指标,满意度指标"'
    assert "服务对象满意度指标" in validations["B"].formula1
    assert validations["D"].formula1 == '">=,<=,=,>,<"'
    assert validations["G"].formula1 == '"定量指标,定性指标"'
    assert "万元" in validations["F"].formula1
    # The Hubei department framework's level-2 list is over 255 bytes: a range on a hidden sheet.
    book = load(outputs[("hubei-ezhou-department", "hubei-department")])
    level2 = [v for v in book.active.data_validations.dataValidation if str(v.sqref).startswith("B")]
    assert level2 and all(v.formula1.startswith("_lists!$") for v in level2)
    lists = book["_lists"]
    assert lists.sheet_state == "hidden"
    column = level2[0].formula1.split("$")[1]
    names = [cell.value for cell in lists[column] if cell.value]
    assert "核心业务产出" in names and "服务对象满意度" in names
    assert len(",".join(names).encode()) > 255


def test_the_sheet_is_unprotected_with_data_cells_marked_for_protect(outputs):
    """No protection unless --protect asks for it (test_xlsx_workbook.py); the cells are marked
    either way, so that protecting the sheet leaves exactly the data editable."""
    for (name, template), path in outputs.items():
        sheet = load(path).active
        assert not sheet.protection.sheet, (name, template)
        assert sheet["A1"].protection.locked
        assert find(sheet, "一级指标").protection.locked
        indicator = find(sheet, fixture(name)["indicators"][0]["name"])
        assert not indicator.protection.locked, (name, template)
        assert not sheet.cell(row=indicator.row, column=1).protection.locked, "level cells are data too"
        assert sheet.cell(row=indicator.row + 100, column=1).protection.locked, "beyond the form: locked"
        label = sheet["A2"]
        assert label.protection.locked and not right_of(sheet, label).protection.locked, (name, template)


def test_columns_are_wide_enough_for_chinese_text(outputs):
    sheet = load(outputs[("hunan-hengyang-department", "hunan-department")]).active
    cell = find(sheet, "全市直机关机关党组织开展模范机关创建覆盖率")
    width = sheet.column_dimensions[get_column_letter(cell.column)].width
    assert width >= 40, "22 Chinese characters are about 44 Latin ones wide (capped at 40, then wrapped)"
    assert cell.alignment.wrap_text


def test_a_form_made_with_openpyxl_is_read_without_a_metadata_sheet(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "绩效目标"
    sheet.append(["项目支出绩效目标表"])
    sheet.merge_cells("A1:D1")
    sheet.append(["单位编码", "202001", "单位名称", "路南区委办公室本级"])
    sheet.append(["项目名称", "机要通信业务经费", "项目编码", "13020225P008969100011"])
    sheet.append(["项目资金（万元）", 3.6, "财政资金", 3.6])
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值"])
    sheet.append(["产出指标", "数量指标", "机要文件传递数量", "≥2000份"])
    sheet.append([None, "质量指标", "文件传递准确率", "=100%"])
    sheet.append([None, "成本指标", "机要通信经费", "≤3.6万元"])
    sheet.merge_cells("A6:A8")
    sheet.append(["满意度指标", "服务对象满意度指标", "服务对象满意度", 90])
    sheet.append(["效益指标", "社会效益指标", "保障党委机关政令畅通", "有效保障"])
    sheet.append([None, None, None, None])
    sheet.append(["项目名称", "会议保障经费"])
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值"])
    sheet.append(["产出指标", "时效指标", "完成时间", datetime.date(2021, 12, 31)])
    sheet.append(["产出指标", "数量指标", '=CONCAT("合计", "次数")', 3])
    for _ in range(30):
        sheet.append([None])
    path = tmp_path / "hand.xlsx"
    book.save(path)
    result = run_jixiao("convert", path, "-v")
    assert result.returncode == 0, result.stderr
    filings = list(yaml.safe_load_all(result.stdout))
    assert len(filings) == 2
    first, second = filings
    assert first["organization"] == {"name": "路南区委办公室本级", "code": "202001"}
    assert first["project"]["code"] == "13020225P008969100011"
    assert first["project"]["budget"] == {"total": 3.6, "fiscal": 3.6}
    indicators = first["indicators"]
    assert [i["name"] for i in indicators] == ["机要文件传递数量", "文件传递准确率", "机要通信经费", "服务对象满意度", "保障党委机关政令畅通"]
    assert [i["level1"] for i in indicators[:3]] == ["产出指标"] * 3
    assert (indicators[0]["op"], indicators[0]["value"], indicators[0]["unit"]) == (">=", 2000, "份")
    assert (indicators[2]["op"], indicators[2]["value"], indicators[2]["unit"]) == ("<=", 3.6, "万元")
    # A number with no comparator reads as "=", as the text reader reads it.
    assert (indicators[3]["op"], indicators[3]["value"]) == ("=", 90)
    assert indicators[4]["value"] == "有效保障"
    assert indicators[1]["source"].endswith("hand.xlsx:绩效目标!A7")
    assert second["project"]["name"] == "会议保障经费"
    assert second["indicators"][0]["value"] == "2021-12-31"
    # openpyxl stores no result for a formula: its text is kept rather than an empty cell.
    assert second["indicators"][1]["name"] == '=CONCAT("合计", "次数")'
    assert "template hebei-project-combined@1.1.0" in result.stderr


def test_our_form_without_its_metadata_sheet_still_gives_every_visible_value(outputs, tmp_path):
    source = outputs[("hunan-hengyang-department", "hunan-department")]
    book = load(source)
    del book["_jixiao"]
    _, (filing,) = saved_and_read(book, tmp_path / "stripped.xlsx")
    original = fixture("hunan-hengyang-department")
    assert filing["organization"]["name"] == original["organization"]["name"]
    assert filing["goals"] == original["goals"]
    for read, written in zip(filing["indicators"], original["indicators"], strict=True):
        for key in ("level1", "level2", "name", "op", "value", "unit", "description", "scoring", "weight"):
            assert read.get(key) == written.get(key), (written["name"], key)
    assert "overview" not in filing["organization"], "not on the visible form"


def test_a_form_edited_in_a_spreadsheet_keeps_its_hidden_fields(outputs, tmp_path):
    source = outputs[("yunnan-chenggong-project", "hebei-project-combined")]
    book = load(source)
    sheet = book.active
    first = find(sheet, "市对呈贡区目标管理绩效考核次数")
    assert sheet.cell(row=first.row, column=4).value == "≥1次"
    sheet.cell(row=first.row, column=4).value = "≥2次"
    last = find(sheet, "目标责任单位满意度").row
    for column, value in enumerate(["满意度指标", "服务对象满意度指标", "投诉办结率", "≥95%"], start=1):
        sheet.cell(row=last + 1, column=column).value = value
    result, (filing,) = saved_and_read(book, tmp_path / "edited.xlsx")
    assert "xlsx-rows-changed" in result.stderr
    original = fixture("yunnan-chenggong-project")
    names = [i["name"] for i in filing["indicators"]]
    assert names == [i["name"] for i in original["indicators"]] + ["投诉办结率"]
    edited = filing["indicators"][0]
    assert (edited["op"], edited["value"], edited["unit"]) == (">=", 2, "次")
    # Fields the Hebei form has no column for came back from the hidden sheet.
    assert edited["scoring"] == original["indicators"][0]["scoring"]
    assert edited["basis"] == original["indicators"][0]["basis"]
    assert filing["indicators"][1] == original["indicators"][1]
    added = filing["indicators"][-1]
    assert (added["level1"], added["op"], added["value"], added["unit"]) == ("满意度指标", ">=", 95, "%")
    assert filing["extra"] == original["extra"]


def test_a_hand_made_form_with_cover_title_two_header_rows_and_signature_block(tmp_path):
    """A form a clerk made: a cover sheet, a title, label rows, a two-row header with merged level
    cells, and the signature block under the table. It reads to exactly its indicators; the
    labels become fields, the signature block and the cover are kept as extra text."""
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "封面"
    cover["A3"] = "2025年度项目支出绩效目标申报表"
    cover["A6"] = "申报单位：某某县农业农村局"
    sheet = book.create_sheet("绩效目标表")
    sheet["A1"] = "项目支出绩效目标表"
    sheet.merge_cells("A1:F1")
    sheet["A2"], sheet["B2"], sheet["D2"], sheet["E2"] = "项目名称", "高标准农田建设", "主管部门", "某某县农业农村局"
    sheet["A3"], sheet["B3"] = "资金总额（万元）", 1200
    sheet["A4"], sheet["B4"] = "年度绩效目标", "建成高标准农田1万亩"
    sheet.merge_cells("B4:F4")
    sheet["A6"], sheet["B6"], sheet["C6"], sheet["D6"] = "一级指标", "二级指标", "三级指标", "指标值"
    sheet.merge_cells("D6:F6")
    sheet["D7"], sheet["E7"], sheet["F7"] = "符号", "值", "单位"
    for column in "ABC":
        sheet.merge_cells(f"{column}6:{column}7")
    rows = [("产出指标", "数量指标", "新建农田面积", "≥", 10000, "亩"),
            (None, None, "灌溉渠道长度", "≥", 12, "公里"),
            (None, "质量指标", "验收合格率", "=", 100, "%"),
            ("满意度指标", "服务对象满意度指标", "农户满意度", "≥", 90, "%")]
    for number, row in enumerate(rows, start=8):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(number, column, value)
    sheet.merge_cells("A8:A10")
    sheet.merge_cells("B8:B9")
    sheet["A13"], sheet["C13"], sheet["E13"] = "填报人：张三", "联系电话：0731-1234567", "填报日期：2025年1月10日"
    sheet["A14"], sheet["D14"] = "单位负责人：李四", "（盖章）"
    path = tmp_path / "handmade.xlsx"
    book.save(path)
    assert_hand_made_form_reads(path, tmp_path)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_the_hand_made_form_saved_again_by_libreoffice_reads_the_same(suffix, tmp_path):
    """The same form opened and saved by LibreOffice Calc (its own XML, styles and shared strings),
    as .xlsx and as OpenDocument."""
    test_a_hand_made_form_with_cover_title_two_header_rows_and_signature_block(tmp_path)
    saved = tmp_path / "saved"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", suffix,
                    "--outdir", str(saved), str(tmp_path / "handmade.xlsx")], check=True, capture_output=True, timeout=180)
    assert_hand_made_form_reads(saved / f"handmade.{suffix}", tmp_path)


def assert_hand_made_form_reads(path, tmp_path):
    out = tmp_path / "out.yaml"
    run = run_jixiao("convert", path, "-o", out)
    assert run.returncode == 0, run.stderr
    filings = [document for document in yaml.safe_load_all(out.read_text(encoding="utf-8")) if document]
    assert len(filings) == 1
    filing = filings[0]
    rows_read = [(i.get("level1"), i.get("level2"), i["name"], i.get("op"), i.get("value"), i.get("unit")) for i in filing["indicators"]]
    assert rows_read == [
        ("产出指标", "数量指标", "新建农田面积", ">=", 10000, "亩"),
        ("产出指标", "数量指标", "灌溉渠道长度", ">=", 12, "公里"),
        ("产出指标", "质量指标", "验收合格率", "=", 100, "%"),
        ("满意度指标", "服务对象满意度指标", "农户满意度", ">=", 90, "%"),
    ]
    assert filing["project"]["name"] == "高标准农田建设"
    assert filing["project"]["budget"]["total"] == 1200
    assert filing["goals"]["annual"]["text"] == "建成高标准农田1万亩"
    kept = [(extra.get("label"), extra["text"]) for extra in filing.get("extra", [])]
    for text in ("填报人：张三", "联系电话：0731-1234567", "填报日期：2025年1月10日", "单位负责人：李四", "（盖章）"):
        assert any(text in kept_text for _, kept_text in kept), text
    assert ("封面", "2025年度项目支出绩效目标申报表") in kept
    assert ("封面", "申报单位：某某县农业农村局") in kept


def test_target_cells_of_a_hand_made_yunnan_form_are_read_as_text_reads_them(tmp_path):
    """A Yunnan-style form made with openpyxl: the comparator written inside 指标值 ("≥30") is
    read, and a bare number or percentage reads as "=", as the text reader reads them."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "绩效目标表"
    sheet.append(["项目名称", "乡村道路养护", None, None, "项目编码", "53012121000000001"])
    sheet.append(["项目实施单位", "某某镇人民政府", None, None, "预算年度", "2025"])
    sheet.append(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标属性"])
    sheet.append(["产出指标", "数量指标", "养护里程", None, "≥30", "公里", "定量指标"])
    sheet.append([None, "质量指标", "路面完好率", None, "100%", None, "定量指标"])
    sheet.append([None, "时效指标", "完成时间", None, "2025年10月底前", None, "定性指标"])
    sheet.append(["满意度指标", "服务对象满意度指标", "群众满意度", "≥", 90, "%", "定量指标"])
    sheet.append(["效益指标", "社会效益指标", "出行条件", None, "明显改善", None, "定性指标"])
    sheet.append([None, None, "节约群众出行成本", "≥", "12万元", None, "定量指标"])
    sheet.append([None, None, "巡查次数", None, 24, "次", "定量指标"])
    sheet.merge_cells("A4:A6")
    sheet.merge_cells("A8:A10")
    sheet.merge_cells("B8:B10")
    result, (filing,) = saved_and_read(book, tmp_path / "yunnan-hand.xlsx")
    assert "read with template yunnan-project@1.1.0" in result.stderr
    assert filing["project"]["implementing_unit"] == "某某镇人民政府"
    assert filing["project"]["code"] == "53012121000000001"
    rows = [(i.get("level1"), i.get("level2"), i["name"], i.get("op"), i.get("value"), i.get("unit"), i.get("nature"))
            for i in filing["indicators"]]
    assert rows == [
        ("产出指标", "数量指标", "养护里程", ">=", 30, "公里", "quantitative"),
        ("产出指标", "质量指标", "路面完好率", "=", 100, "%", "quantitative"),
        ("产出指标", "时效指标", "完成时间", None, "2025年10月底前", None, "qualitative"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", ">=", 90, "%", "quantitative"),
        ("效益指标", "社会效益指标", "出行条件", None, "明显改善", None, "qualitative"),
        ("效益指标", "社会效益指标", "节约群众出行成本", ">=", 12, "万元", "quantitative"),
        ("效益指标", "社会效益指标", "巡查次数", "=", 24, "次", "quantitative"),
    ]
    # The value cell as written is kept where the parser read more into it than a number.
    assert filing["indicators"][0]["written"]["value"] == "≥30"
