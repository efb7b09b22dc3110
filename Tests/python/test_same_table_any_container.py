"""One table, four containers: laid out as text, as a workbook made by openpyxl, as a Word document
made by python-docx and as a web page (merged level cells, as people make them in each), all read
into the same indicator rows by the one interpreter."""
import html

import pytest
import yaml
from docx import Document
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
    for column in (0, 1):
        for top, bottom in merged_runs(table, column):
            if bottom > top:
                sheet.merge_cells(start_row=top + 1, start_column=column + 1, end_row=bottom + 1, end_column=column + 1)
    book.save(path)


def merged_runs(table, column):
    """(first, last) row indexes of each level cell written once over the rows below it."""
    runs, top = [], 1
    for index in range(2, len(table) + 1):
        if index == len(table) or table[index][column] is not None:
            runs.append((top, index - 1))
            top = index
    return runs


def as_docx(table, path):
    document = Document()
    word = document.add_table(rows=len(table), cols=len(table[0]))
    for i, row in enumerate(table):
        for j, text in enumerate(row):
            if text is not None:
                word.cell(i, j).text = str(text)
    for column in (0, 1):
        for top, bottom in merged_runs(table, column):
            if bottom > top:
                word.cell(top, column).merge(word.cell(bottom, column))
    document.save(path)


def as_html(table, path):
    spans = {(top, column): bottom - top + 1 for column in (0, 1) for top, bottom in merged_runs(table, column)}
    covered = {(row, column) for (top, column), span in spans.items() for row in range(top + 1, top + span)}
    lines = ["<!DOCTYPE html><html><head><meta charset=\"gbk\"></head><body><table border=\"1\">"]
    for i, row in enumerate(table):
        cells = []
        for j, text in enumerate(row):
            if (i, j) in covered:
                continue
            span = f' rowspan="{spans[(i, j)]}"' if spans.get((i, j), 1) > 1 else ""
            cells.append(f"<td{span}>{html.escape('' if text is None else str(text))}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table></body></html>")
    path.write_bytes("\n".join(lines).encode("gbk"))


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
def test_the_same_table_reads_the_same_from_text_a_workbook_a_word_document_and_a_web_page(name, jixiao, tmp_path):
    table = TABLES[name]
    workbook, text, word, page = tmp_path / "table.xlsx", tmp_path / "table.txt", tmp_path / "table.docx", tmp_path / "table.html"
    as_workbook(table, workbook)
    as_pipes(table, text)
    as_docx(table, word)
    as_html(table, page)
    from_sheet = rows_of(jixiao("convert", workbook, "--to", "yaml"))
    from_text = rows_of(jixiao("convert", text, "--to", "yaml"))
    read = [(r.get("level1"), r.get("level2"), r["name"], r.get("op"), r.get("value"), r.get("unit")) for r in from_text]
    assert read == EXPECTED[name]
    assert from_sheet == from_text
    assert rows_of(jixiao("convert", word, "--to", "yaml")) == from_text
    assert rows_of(jixiao("convert", page, "--to", "yaml")) == from_text
