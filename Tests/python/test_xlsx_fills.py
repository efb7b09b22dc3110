"""Everything a filing has and a form has a place for is filled: the budget stated in prose, the
unit (单位名称) in 项目实施单位, Hebei's 绩效目标 in 年度目标, Hebei's 项目编码. Checked with openpyxl
at the form's cells, against values typed by hand from the example texts (line numbers given)."""
import openpyxl
import yaml

from xlsx_support import ROOT, run_jixiao, saved_and_read

EXAMPLES = ROOT / "Examples"


def form(tmp_path, example, template):
    path = tmp_path / f"{example}--{template}.xlsx"
    result = run_jixiao("convert", EXAMPLES / f"{example}.txt", "--template", template, "-o", path, "-v")
    assert result.returncode == 0, result.stderr
    return openpyxl.load_workbook(path), result.stderr


def beside(sheet, label):
    """The value cell after a label cell (past the label's merged range), and its coordinate."""
    cell = next(cell for row in sheet.iter_rows() for cell in row if cell.value == label)
    end = cell.column
    for merged in sheet.merged_cells.ranges:
        if cell.coordinate in merged:
            end = merged.max_col
    value = sheet.cell(row=cell.row, column=end + 1)
    return value.value, value.coordinate


def test_yunnan_budget_from_prose_and_unit_as_implementing_unit(tmp_path):
    book, stderr = form(tmp_path, "yunnan-chenggong-2021-project", "yunnan-project")
    sheet = book["项目绩效目标表"]
    # Line 33: "2021年安排区级财政资金6万元。" under 六、资金安排情况; no budget field anywhere.
    assert beside(sheet, "资金总额（万元）")[0] == 6
    # Line 13: "单位名称：中国共产党昆明市呈贡区委员会办公室" under 三、项目实施单位.
    unit, place = beside(sheet, "项目实施单位")
    assert unit == "中国共产党昆明市呈贡区委员会办公室"
    assert place == "B3"
    assert (f"项目绩效目标表!{place}: info: template yunnan-project@1.1.0 shows organization.name in 项目实施单位: "
            "the filing has no project.implementing_unit [xlsx-field-filled]") in stderr
    assert "yunnan-chenggong-2021-project.txt:33: info: no budget field: the budget is 6 万元" in stderr
    # The unit's name has a place now: it is not reported as hidden.
    assert "no place for organization.name" not in stderr


def test_hebei_goal_and_project_code_in_both_hebei_forms(tmp_path):
    # Lines 51-52 and 79-80 of the Tangshan text: 项目编码 and 绩效目标 of the first project.
    code = "13020225P008969100011"
    goal = "1.满足督查用车完成区委区政府督查室负责对上级党委、政府的重大决策部署、会议精神、会议议定、领导批示交办等事项的贯彻落实情况进行督促检查。"
    for template in ("hebei-project-split", "hebei-project-combined"):
        book, stderr = form(tmp_path, "hebei-tangshan-lunan-projects", template)
        sheet = book["督查车辆租用经费"]
        assert beside(sheet, "项目编码")[0] == code, template
        shown, place = beside(sheet, "年度目标")
        assert shown == goal, template
        assert beside(sheet, "项目资金（万元）")[0] == 3.6, template
        assert "no place for project.code" not in stderr
        assert f"督查车辆租用经费!A1: info: template {template}@1.1.0 has no place for goals.items" not in stderr
        assert (f"督查车辆租用经费!{place}: info: template {template}@1.1.0 shows goals.items in 年度目标: "
                "the filing has no goals.annual.text [xlsx-field-filled]") in stderr
        # Read back from what the form shows alone: the code, and the goal as the annual goal.
        del book["_jixiao"]
        _, filings = saved_and_read(book, tmp_path / f"stripped-{template}.xlsx")
        first = next(filing for filing in filings if filing.get("project", {}).get("name") == "督查车辆租用经费")
        assert first["project"]["code"] == code, template
        assert first["goals"]["annual"]["text"] == goal, template


def test_chengde_numbered_goals_budget_in_prose_and_code(tmp_path):
    book, _ = form(tmp_path, "hebei-chengde-2021-department", "hebei-project-combined")
    sheet = book["督查考核专项经费"]
    # Lines 131-132: 项目编码 110-0303-JBN-1VKY; lines 154-160: 绩效目标 目标1 …, 目标2 ….
    assert beside(sheet, "项目编码")[0] == "110-0303-JBN-1VKY"
    assert beside(sheet, "年度目标")[0] == ("目标1：对现有系统进行升级续建，保证系统高效运行\n"
                                          "目标2：进一步实现督查考核工作网上办公，为促进项目落实、考核绩效提供便利")
    # Line 140, 资金用途: "此工作活动专项事务资金21万元，一般公共预算21万元，…".
    assert beside(sheet, "项目资金（万元）")[0] == 21


def test_filled_places_read_back_without_the_hidden_sheet(tmp_path):
    book, _ = form(tmp_path, "yunnan-chenggong-2021-project", "yunnan-project")
    del book["_jixiao"]
    _, (filing,) = saved_and_read(book, tmp_path / "stripped.xlsx")
    assert filing["project"]["implementing_unit"] == "中国共产党昆明市呈贡区委员会办公室"
    assert filing["project"]["budget"]["total"] == 6


def test_the_hidden_copy_keeps_the_filing_as_read(tmp_path):
    """With its hidden sheet, the form reads back to the filing itself: a filled place still
    showing what was filled in is no edit."""
    form(tmp_path, "yunnan-chenggong-2021-project", "yunnan-project")
    path = tmp_path / "yunnan-chenggong-2021-project--yunnan-project.xlsx"
    back = run_jixiao("convert", path)
    original = run_jixiao("convert", EXAMPLES / "yunnan-chenggong-2021-project.txt")
    assert back.returncode == 0 and original.returncode == 0
    read = yaml.safe_load(back.stdout)
    assert "implementing_unit" not in read["project"]
    assert read == yaml.safe_load(original.stdout)
