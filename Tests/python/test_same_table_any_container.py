"""One table, two containers: laid out as text and as a workbook made by openpyxl (merged level
cells, as people make them), both read into the same indicator rows by the one interpreter."""
import pytest
import yaml
from openpyxl import Workbook

# What a person reads in each table: (level1, level2, name, op, value, unit) per indicator.
EXPECTED = {
    "merged levels, compound units": [
        ("产出指标", "数量指标", "清扫保洁道路面积", "=", 1346.0088, "万平方米"),
        ("产出指标", "数量指标", "清扫保洁道路条数", "=", 1346, "条"),
        ("产出指标", "质量指标", "垃圾无害化处理率", "=", 100, "%"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", ">=", 95, "%"),
    ],
    "operator and unit columns, text targets": [
        ("产出指标", "数量指标", "培训人次", ">=", 280, "人次"),
        ("产出指标", "时效指标", "完成时间", None, "2024年12月底前", None),
        ("效益指标", "社会效益指标", "群众知晓率", ">=", "90-95", "%"),
    ],
}

TABLES = {
    "merged levels, compound units": [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "清扫保洁道路面积", "1346.0088万平方米"],
        [None, None, "清扫保洁道路条数", "1,346条"],
        [None, "质量指标", "垃圾无害化处理率", "１００％"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "95%以上"],
    ],
    "operator and unit columns, text targets": [
        ["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "计量单位"],
        ["产出指标", "数量指标", "培训人次", "≥", "280", "人次"],
        [None, "时效指标", "完成时间", None, "2024年12月底前", None],
        ["效益指标", "社会效益指标", "群众知晓率", "≥", "90-95", "%"],
    ],
}


def rows_of(run):
    assert run.returncode == 0, run.stderr
    indicators = [row for filing in yaml.safe_load_all(run.stdout) for row in filing["indicators"]]
    for row in indicators:
        row.pop("source", None)
        for extra in row.get("extra", []):
            extra.pop("source", None)
    return indicators


def as_workbook(table, path):
    book = Workbook()
    sheet = book.active
    sheet.title = "绩效指标"
    for row in table:
        sheet.append(row)
    # Level cells written once and merged down over their rows, as a person lays them out.
    for column in (1, 2):
        top = 2
        for index in range(3, len(table) + 2):
            if index == len(table) + 1 or table[index - 1][column - 1] is not None:
                if index - 1 > top:
                    sheet.merge_cells(start_row=top, start_column=column, end_row=index - 1, end_column=column)
                top = index
    book.save(path)


def as_pipes(table, path):
    # Merged cells are written once: rows lack them on the left, as web pages give them.
    lines = []
    for row in table:
        cells = list(row)
        while cells and cells[0] is None:
            cells.pop(0)
        lines.append(" | ".join("" if cell is None else str(cell) for cell in cells) + " |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("name", sorted(TABLES))
def test_the_same_table_reads_the_same_from_text_and_from_a_workbook(name, jixiao, tmp_path):
    table = TABLES[name]
    workbook = tmp_path / "table.xlsx"
    text = tmp_path / "table.txt"
    as_workbook(table, workbook)
    as_pipes(table, text)
    from_sheet = rows_of(jixiao("convert", workbook, "--to", "yaml"))
    from_text = rows_of(jixiao("convert", text, "--to", "yaml"))
    read = [(r.get("level1"), r.get("level2"), r["name"], r.get("op"), r.get("value"), r.get("unit")) for r in from_text]
    assert read == EXPECTED[name]
    assert from_sheet == from_text
