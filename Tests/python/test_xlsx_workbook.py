"""Workbooks as openpyxl sees them: several filings in one workbook (a form sheet each, named by
its filing, and an index sheet whose labels come from Schemas/workbooks/), forms people can work
in (no protection unless asked for; with --protect, rows can be inserted and deleted), print
set-up (A4 landscape, header rows repeated, a scale that keeps text at 9 pt or larger), and rows
added inside an indicator table read back."""
import math

import openpyxl
import pytest
import yaml

from xlsx_support import FIXTURES, TEMPLATES, field, run_jixiao, template_data, workbook_index

UNIT = ["hubei-ezhou-department", "hebei-tangshan-project", "hebei-chengde-project", "yunnan-chenggong-project"]
INDEX = workbook_index()
FORBIDDEN = set('[]:*?/\\')



def fixture(name):
    return yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))



def cells(sheet):
    return {cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None}


@pytest.fixture(scope="module")
def stream(tmp_path_factory):
    """A department filing and three project filings, as one YAML stream."""
    path = tmp_path_factory.mktemp("stream") / "unit.yaml"
    path.write_text("---\n".join((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8") for name in UNIT), encoding="utf-8")
    return path


def write(source, template, path, *options):
    result = run_jixiao("convert", source, "--template", template, "-o", path, "-q", *options)
    assert result.returncode == 0, result.stderr
    return openpyxl.load_workbook(path)


def expected_sheet_name(filing):
    name = field(filing, "organization.name") if filing["kind"] == "department" else field(filing, "project.name")
    return "".join(character for character in name if character not in FORBIDDEN)[:31]


@pytest.mark.parametrize("template", TEMPLATES)
def test_several_filings_get_a_sheet_each_and_an_index(stream, tmp_path, template):
    filings = list(yaml.safe_load_all(stream.read_text(encoding="utf-8")))
    book = write(stream, template, tmp_path / "unit.xlsx")
    visible = [sheet.title for sheet in book.worksheets if sheet.sheet_state == "visible"]
    assert visible == [INDEX["sheet"]] + [expected_sheet_name(filing) for filing in filings]
    assert book["_jixiao"].sheet_state == "hidden"
    index = book[INDEX["sheet"]]
    rows = [list(row) for row in index.iter_rows(values_only=True)]
    assert rows[0] == [column["header"] for column in INDEX["columns"]]
    for number, (row, filing) in enumerate(zip(rows[1:], filings, strict=True), start=2):
        expected = []
        for column in INDEX["columns"]:
            if column["field"] == "sheet":
                expected.append(expected_sheet_name(filing))
            elif column["field"] == "kind":
                expected.append(INDEX["kinds"][filing["kind"]])
            else:
                expected.append(field(filing, column["field"]))
        assert row == expected
        link = index.cell(row=number, column=1).hyperlink
        assert link is not None and link.location == f"'{expected_sheet_name(filing)}'!A1"
    # Each form sheet shows its own filing's indicators, no other's.
    data = template_data(template)
    for filing in filings:
        shown = cells(book[expected_sheet_name(filing)])
        periods = {table.get("period") for table in data["tables"]}
        placed = [i for i in filing["indicators"] if i.get("period", "annual") in periods or None in periods]
        assert placed and all(i["name"] in shown for i in placed), (template, filing["title"])
        own = {i.get(key) for i in filing["indicators"] for key in ("name", "level1", "level2")}
        others = {i["name"] for other in filings if other is not filing for i in other["indicators"]}
        assert not shown & (others - own)
    # And the workbook reads back to the very filings written.
    back = run_jixiao("convert", tmp_path / "unit.xlsx")
    assert back.returncode == 0, back.stderr
    assert list(yaml.safe_load_all(back.stdout)) == filings


def test_sheet_names_are_cut_cleaned_and_unique(tmp_path):
    base = fixture("hebei-tangshan-project")
    names = ["机要通信[2024]:经费/专项?*", "机要通信[2024]经费/专项", "市直机关党组织开展模范机关创建活动专项经费（第一批）暨配套资金项目", "市直机关党组织开展模范机关创建活动专项经费（第一批）暨配套资金项目"]
    documents = []
    for name in names:
        filing = dict(base)
        filing["project"] = dict(base["project"], name=name)
        documents.append(yaml.safe_dump(filing, allow_unicode=True, sort_keys=False))
    source = tmp_path / "named.yaml"
    source.write_text("---\n".join(documents), encoding="utf-8")
    book = write(source, "hebei-project-combined", tmp_path / "named.xlsx")
    forms = [sheet.title for sheet in book.worksheets if sheet.sheet_state == "visible"][1:]
    assert all(len(title) <= 31 and not FORBIDDEN & set(title) for title in forms)
    assert len({title.lower() for title in forms}) == len(forms)
    assert forms[0] == "机要通信2024经费专项" and forms[1].startswith("机要通信2024经费专项")
    assert forms[2] == names[2][:31] and forms[3] != forms[2] and forms[3].startswith(names[2][:20])
    back = run_jixiao("convert", tmp_path / "named.xlsx")
    assert [filing["project"]["name"] for filing in yaml.safe_load_all(back.stdout)] == names


def test_forms_are_unprotected_unless_asked(tmp_path):
    source = FIXTURES / "yunnan-chenggong-project.yaml"
    sheet = write(source, "yunnan-project", tmp_path / "open.xlsx").active
    assert not sheet.protection.sheet
    sheet = write(source, "yunnan-project", tmp_path / "locked.xlsx", "--protect").active
    assert sheet.protection.sheet
    assert sheet.protection.password is None
    # In OOXML a false flag means the action is allowed on the protected sheet.
    assert sheet.protection.insertRows is False and sheet.protection.deleteRows is False
    assert sheet.protection.formatRows is False and sheet.protection.formatColumns is False


def smallest_font(sheet):
    return min(cell.font.sz for row in sheet.iter_rows() for cell in row if cell.value is not None)


def printed_width(sheet):
    """The columns' width in pixels as Excel lays them out, by the formula of ECMA-376 (18.3.1.13)
    for the default font's 7-pixel digits, over the columns that hold anything."""
    widths = {}
    for letter, dimension in sheet.column_dimensions.items():
        for column in range(dimension.min or 1, (dimension.max or dimension.min or 1) + 1):
            widths[column] = dimension.width
    used = range(1, sheet.max_column + 1)
    return sum(math.trunc((256 * (widths.get(column) or 8.43) + math.trunc(128 / 7)) / 256 * 7) for column in used)


@pytest.mark.parametrize("template", TEMPLATES)
def test_print_setup_repeats_the_headings_on_a4_landscape_at_a_legible_scale(tmp_path, template):
    data = template_data(template)
    name = "hubei-ezhou-department" if data["kind"] == "department" else "hebei-chengde-project"
    sheet = write(FIXTURES / f"{name}.yaml", template, tmp_path / "form.xlsx").active
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9, "A4"
    # The heading rows of the table with the most rows (the first of equals), found under its
    # caption by their text.
    filing = fixture(name)
    periods = [table.get("period") for table in data["tables"]]
    counts = [0] * len(periods)
    for indicator in filing["indicators"]:
        period = indicator.get("period", "annual")
        counts[periods.index(period) if period in periods else periods.index(None)] += 1
    table = data["tables"][counts.index(max(counts))]
    first = table["columns"][0]["header"]
    first = first[0] if isinstance(first, list) else first
    caption = next(cell.row for row in sheet.iter_rows() for cell in row if cell.value == table["caption"])
    top = min(cell.row for row in sheet.iter_rows(min_row=caption) for cell in row if cell.value == first)
    depth = max(len(column["header"]) if isinstance(column["header"], list) else 1 for column in table["columns"])
    assert sheet.print_title_rows == f"${top}:${top + depth - 1}"
    # The scale that fits the page width, from the column widths and margins openpyxl reads.
    printable = (297 / 25.4 - sheet.page_margins.left - sheet.page_margins.right) * 96
    fitted = printable / printed_width(sheet)
    least = 9 / smallest_font(sheet)
    fit = sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage
    if fitted >= 1:
        assert not fit and sheet.page_setup.scale in (None, 100)
    elif fitted >= least:
        assert fit and sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    else:
        assert not fit
        assert sheet.page_setup.scale is not None and sheet.page_setup.scale / 100 * smallest_font(sheet) >= 9
        assert (sheet.page_setup.scale - 1) / 100 * smallest_font(sheet) < 9, "the smallest legible scale"


def insert_row(sheet, at):
    """Inserts a row as a spreadsheet does: cells below move down, a merged range the row falls
    inside grows by one, ranges below move with their cells."""
    ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges]
    for merged in list(sheet.merged_cells.ranges):
        sheet.merged_cells.remove(merged)
    sheet.insert_rows(at)
    for min_row, min_col, max_row, max_col in ranges:
        if min_row >= at:
            min_row, max_row = min_row + 1, max_row + 1
        elif max_row >= at:
            max_row += 1
        sheet.merge_cells(start_row=min_row, start_column=min_col, end_row=max_row, end_column=max_col)


@pytest.mark.parametrize("hidden_sheet", [True, False])
def test_rows_added_inside_the_indicator_table_are_read(tmp_path, hidden_sheet):
    original = fixture("hebei-chengde-project")
    book = write(FIXTURES / "hebei-chengde-project.yaml", "hebei-project-split", tmp_path / "form.xlsx")
    sheet = book.active
    # Inside the merged 产出指标 cell, under the first indicator (in a 数量指标 cell of one row).
    first = next(cell for row in sheet.iter_rows() for cell in row if cell.value == original["indicators"][0]["name"])
    insert_row(sheet, first.row + 1)
    for column, value in zip(range(3, 7), ["保洁车辆数", "≥", 12, "辆"]):
        sheet.cell(row=first.row + 1, column=column).value = value
    # And one after the last indicator, in the spare rows.
    last = next(cell for row in sheet.iter_rows() for cell in row if cell.value == original["indicators"][-1]["name"])
    for column, value in zip(range(1, 7), ["满意度指标", "服务对象满意度指标", "投诉办结率", "≥", 95, "%"]):
        sheet.cell(row=last.row + 1, column=column).value = value
    if not hidden_sheet:
        del book["_jixiao"]
    book.save(tmp_path / "edited.xlsx")
    result = run_jixiao("convert", tmp_path / "edited.xlsx")
    assert result.returncode == 0, result.stderr
    filing = yaml.safe_load(result.stdout)
    shown = [(i.get("level1"), i.get("level2"), i["name"], i.get("op"), i.get("value"), i.get("unit")) for i in filing["indicators"]]
    written = [(i.get("level1"), i.get("level2"), i["name"], i.get("op"), i.get("value"), i.get("unit")) for i in original["indicators"]]
    added = (original["indicators"][0]["level1"], original["indicators"][0]["level2"], "保洁车辆数", ">=", 12, "辆")
    assert shown == written[:1] + [added] + written[1:] + [("满意度指标", "服务对象满意度指标", "投诉办结率", ">=", 95, "%")]


def test_a_renamed_and_edited_form_sheet_keeps_its_hidden_fields(stream, tmp_path):
    filings = list(yaml.safe_load_all(stream.read_text(encoding="utf-8")))
    book = write(stream, "hebei-project-split", tmp_path / "unit.xlsx")
    sheet = book[expected_sheet_name(filings[2])]
    sheet.title = "改过名的表"
    name = filings[2]["indicators"][0]["name"]
    cell = next(cell for row in sheet.iter_rows() for cell in row if cell.value == name)
    # 三级指标, then 符号, 值, 单位 under 指标值.
    assert sheet.cell(row=cell.row, column=cell.column + 2).value == filings[2]["indicators"][0]["value"]
    sheet.cell(row=cell.row, column=cell.column + 2).value = 36
    book.save(tmp_path / "edited.xlsx")
    back = run_jixiao("convert", tmp_path / "edited.xlsx")
    assert back.returncode == 0, back.stderr
    # The edit wins; what the Hebei form has no column for came back from the hidden sheet.
    filings[2]["indicators"][0]["value"] = 36
    assert list(yaml.safe_load_all(back.stdout)) == filings
