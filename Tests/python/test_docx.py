"""Word documents: filings made with python-docx (merged cells as Word makes them, tracked changes,
content controls, tables inside layout tables) read into the rows a person reads in them; the
real .docx corpora made by Word, LibreOffice, Google Docs and others read or fail clearly; and
their tables match python-docx's cell texts."""
import copy
import json
import pathlib

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from test_same_table_any_container import rows_of

CORPORA = pathlib.Path(__file__).resolve().parents[3] / "shared" / "corpora"
CORPUS = sorted([*CORPORA.glob("docx-pandoc/*.docx"), *CORPORA.glob("docx-python-docx/*.docx")])

HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


def table_of(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            if text:
                table.cell(i, j).text = text
    return table


def merged_levels(path):
    """Level cells merged down their rows as Word merges them (w:vMerge), and a project field table."""
    document = Document()
    document.add_paragraph("城区环境卫生2024年项目支出绩效目标表")
    fields = table_of(document, [["项目名称", "城区道路清扫保洁", "主管部门", "城市管理局"]])
    fields.cell(0, 1).paragraphs[0].runs[0].add_break()  # a line break inside the value stays in the cell
    document.add_paragraph("")
    table = table_of(document, [HEADER,
                                ["产出指标", "数量指标", "清扫保洁道路面积", "1346.0088万平方米"],
                                [None, None, "清扫保洁道路条数", "1,346条"],
                                [None, "质量指标", "垃圾无害化处理率", "１００％"],
                                ["满意度指标", "服务对象满意度指标", "群众满意度", "95%以上"]])
    table.cell(1, 0).merge(table.cell(3, 0))
    table.cell(1, 1).merge(table.cell(2, 1))
    document.save(path)


def operator_columns_with_changes(path):
    """Operator and unit columns; a target revised with tracked changes, a name in a content control."""
    document = Document()
    document.add_paragraph("项目名称：干部培训")
    table = table_of(document, [["一级指标", "二级指标", "三级指标", "计算符号", "指标值", "计量单位"],
                                ["产出指标", "数量指标", "培训人次", "≥", None, "人次"],
                                [None, "时效指标", "完成时间", None, "2024年12月底前", None],
                                ["效益指标", "社会效益指标", None, "≥", "90", "%"]])
    # The target 280 typed over a deleted 250.
    paragraph = table.cell(1, 4).paragraphs[0]._p
    deleted = paragraph.makeelement(qn("w:del"), {qn("w:id"): "1", qn("w:author"): "审核人", qn("w:date"): "2024-01-01T00:00:00Z"})
    run = paragraph.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:delText"), {})
    text.text = "250"
    run.append(text)
    deleted.append(run)
    inserted = copy.deepcopy(deleted)
    inserted.tag = qn("w:ins")
    inserted.set(qn("w:id"), "2")
    inserted[0][0].tag = qn("w:t")
    inserted[0][0].text = "280"
    paragraph.append(deleted)
    paragraph.append(inserted)
    # The name of the last indicator typed into a content control.
    cell = table.cell(3, 2)._tc
    sdt = cell.makeelement(qn("w:sdt"), {})
    sdt.append(sdt.makeelement(qn("w:sdtPr"), {}))
    content = sdt.makeelement(qn("w:sdtContent"), {})
    filled = copy.deepcopy(cell.findall(qn("w:p"))[0])
    filled_run = filled.makeelement(qn("w:r"), {})
    filled_text = filled_run.makeelement(qn("w:t"), {})
    filled_text.text = "群众知晓率"
    filled_run.append(filled_text)
    filled.append(filled_run)
    content.append(filled)
    sdt.append(content)
    cell.remove(cell.findall(qn("w:p"))[0])
    cell.append(sdt)
    document.save(path)


def inside_a_layout_table(path):
    """The indicator table nested in the cell of a page-layout table."""
    document = Document()
    layout = document.add_table(rows=2, cols=1)
    layout.cell(0, 0).text = "项目名称：社区养老服务补助"
    holder = layout.cell(1, 0)
    holder.text = "绩效指标"
    inner = holder.add_table(rows=3, cols=4)
    for i, row in enumerate([HEADER, ["产出指标", "数量指标", "服务老人人数", "≥1200人"], ["满意度指标", "服务对象满意度指标", "老人满意度", "≥90%"]]):
        for j, text in enumerate(row):
            inner.cell(i, j).text = text
    document.save(path)


MADE = {
    "merged levels": (merged_levels, [
        ("产出指标", "数量指标", "清扫保洁道路面积", "=", 1346.0088, "万平方米"),
        ("产出指标", "数量指标", "清扫保洁道路条数", "=", 1346, "条"),
        ("产出指标", "质量指标", "垃圾无害化处理率", "=", 100, "%"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", ">=", 95, "%"),
    ]),
    "operator columns, tracked changes, content control": (operator_columns_with_changes, [
        ("产出指标", "数量指标", "培训人次", ">=", 280, "人次"),
        ("产出指标", "时效指标", "完成时间", None, "2024年12月底前", None),
        ("效益指标", "社会效益指标", "群众知晓率", ">=", 90, "%"),
    ]),
    "inside a layout table": (inside_a_layout_table, [
        ("产出指标", "数量指标", "服务老人人数", ">=", 1200, "人"),
        ("满意度指标", "服务对象满意度指标", "老人满意度", ">=", 90, "%"),
    ]),
}


@pytest.mark.parametrize("name", sorted(MADE))
def test_a_filing_made_with_python_docx_reads_as_a_person_reads_it(name, jixiao, tmp_path):
    make, expected = MADE[name]
    path = tmp_path / "filing.docx"
    make(path)
    rows = rows_of(jixiao("convert", path, "--to", "yaml"))
    assert [(r.get("level1"), r.get("level2"), r["name"], r.get("op"), r.get("value"), r.get("unit")) for r in rows] == expected


def test_fields_and_positions_come_from_the_document(jixiao, tmp_path):
    path = tmp_path / "filing.docx"
    merged_levels(path)
    run = jixiao("convert", path, "--to", "yaml")
    assert run.returncode == 0, run.stderr
    (filing,) = yaml.safe_load_all(run.stdout)
    assert filing["title"] == "城区环境卫生2024年项目支出绩效目标表"
    assert filing["project"]["name"] == "城区道路清扫保洁"
    assert filing["fiscal_year"] == "2024"
    assert [row["source"] for row in filing["indicators"]] == [f"{path}:table 2, row {row}" for row in (2, 3, 4, 5)]


def test_tables_shows_word_merges_as_spans(jixiao, tmp_path):
    path = tmp_path / "filing.docx"
    merged_levels(path)
    document = Document(str(path))
    document.tables[1].cell(0, 2).merge(document.tables[1].cell(0, 3))  # a header over two columns
    document.save(path)
    run = jixiao("tables", path, "--format", "json")
    assert run.returncode == 0, run.stderr
    tables = json.loads(run.stdout)["tables"]
    assert [table["name"] for table in tables] == ["table 1", "table 2"]
    cells = {(cell["row"], cell["column"]): cell for cell in tables[1]["cells"]}
    assert (cells[(2, 1)]["text"], cells[(2, 1)]["row_span"], cells[(2, 1)]["column_span"]) == ("产出指标", 3, 1)
    assert (cells[(2, 2)]["row_span"], cells[(4, 2)]["row_span"]) == (2, 1)
    assert (cells[(1, 3)]["text"], cells[(1, 3)]["column_span"]) == ("三级指标\n指标值", 2)
    assert (3, 1) not in cells and (4, 1) not in cells and (1, 4) not in cells
    assert cells[(5, 4)]["source"] == f"{path}:table 2, row 5, cell 4"
    assert tables[0]["cells"][1]["text"] == "城区道路清扫保洁\n"


def test_a_word_filing_goes_into_a_provincial_form(jixiao, tmp_path):
    path = tmp_path / "filing.docx"
    merged_levels(path)
    form = tmp_path / "form.xlsx"
    run = jixiao("convert", path, "--template", "yunnan-project", "-o", form)
    assert run.returncode == 0, run.stderr
    values = {cell.value for row in load_workbook(form).worksheets[0].iter_rows() for cell in row}
    assert {"清扫保洁道路面积", "清扫保洁道路条数", "垃圾无害化处理率", "群众满意度", "城区道路清扫保洁"} <= values


def test_a_document_without_an_indicator_table_fails_and_says_where_it_looked(jixiao, tmp_path):
    path = tmp_path / "letter.docx"
    document = Document()
    document.add_paragraph("关于报送绩效目标的函")
    table_of(document, [["联系人", "电话"], ["张三", "0871-1234567"]])
    document.save(path)
    run = jixiao("convert", path)
    assert run.returncode == 2
    assert f"{path}:table 1: error: no indicator row found".encode() in run.stderr
    assert b"[no-indicator-table]" in run.stderr


@pytest.mark.parametrize("cut", ["truncated", "no document part", "broken xml"])
def test_a_broken_document_is_a_clear_error(cut, jixiao, tmp_path):
    import zipfile
    good = tmp_path / "good.docx"
    merged_levels(good)
    path = tmp_path / "bad.docx"
    if cut == "truncated":
        path.write_bytes(good.read_bytes()[:4000])
    else:
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "word/document.xml":
                    if cut == "no document part":
                        continue
                    data = data.replace(b"</w:body>", b"")
                target.writestr(item, data)
    run = jixiao("convert", path)
    assert run.returncode == 2
    message = run.stderr.decode()
    assert message.startswith(f"{path}: error: "), message
    expected = {"truncated": "[docx-bad-zip]", "no document part": "no word/document.xml",
                "broken xml": "word/document.xml is not well-formed XML (line 2)"}[cut]
    assert expected in message


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_corpus_document_reads_or_fails_clearly(path, jixiao):
    for command in (("tables", path, "--format", "json"), ("convert", path, "--to", "yaml")):
        run = jixiao(*command)
        # 2 is a clear error (these are no filings); anything else (a crash's signal) is not.
        assert run.returncode in (0, 2), (command, run.returncode, run.stderr)
        if run.returncode == 2:
            lines = run.stderr.decode().strip().splitlines()
            assert lines and lines[-1].startswith(f"{path}") and ": error: " in lines[-1], run.stderr
    tables = json.loads(jixiao("tables", path, "--format", "json").stdout)["tables"]
    for table in tables:
        for cell in table["cells"]:
            assert cell["row_span"] >= 1 and cell["column_span"] >= 1
            assert cell["source"].startswith(f"{path}:table {table['name'].split()[1]}, row {cell['row']}, cell ")


# Where python-docx's view differs from the document, and why.
PYTHON_DOCX_DIFFERS = {
    "docx-pandoc/sdt_elements.docx": "a cell inside a content control (w:sdt around w:tc), which python-docx does not see",
}
# Documents python-docx cannot open.
PYTHON_DOCX_CANNOT_OPEN = {
    "docx-pandoc/7691.docx": "Strict OOXML: python-docx knows only the transitional relationship types",
}


def grid_of(table):
    grid = {}
    for cell in table["cells"]:
        for row in range(cell["row"], cell["row"] + cell["row_span"]):
            for column in range(cell["column"], cell["column"] + cell["column_span"]):
                grid[(row, column)] = cell["text"]
    return grid


def python_docx_differences(path, jixiao):
    """Every grid slot of every top-level table where python-docx reads other text than we do."""
    document = Document(str(path))
    ours = [table for table in json.loads(jixiao("tables", path, "--format", "json").stdout)["tables"]
            if "nested in" not in table["layout"]]
    if len(ours) != len(document.tables):
        return [("tables", len(document.tables), len(ours))]
    differences = []
    for number, (theirs, our) in enumerate(zip(document.tables, ours), start=1):
        grid = grid_of(our)
        for row_index, row in enumerate(theirs.rows, start=1):
            # python-docx leaves out the columns a row skips (gridBefore): count them back in.
            for offset, cell in enumerate(row.cells, start=row.grid_cols_before + 1):
                if cell.text != grid.get((row_index, offset), ""):
                    differences.append((number, row_index, offset, cell.text, grid.get((row_index, offset))))
    return differences


def test_corpus_tables_match_python_docx_cell_for_cell(jixiao):
    compared = 0
    mismatched = {}
    for path in CORPUS:
        key = f"{path.parent.name}/{path.name}"
        if key in PYTHON_DOCX_CANNOT_OPEN:
            continue
        differences = python_docx_differences(path, jixiao)
        compared += len(Document(str(path)).tables)
        if differences:
            mismatched[key] = differences
    assert compared >= 40  # the corpora hold this many tables: a comparison of nothing proves nothing
    assert set(mismatched) == set(PYTHON_DOCX_DIFFERS), mismatched


def test_python_docx_cannot_open_what_we_read(jixiao):
    for key in PYTHON_DOCX_CANNOT_OPEN:
        path = CORPORA / key
        with pytest.raises(Exception):
            Document(str(path))
        run = jixiao("tables", path, "--format", "json")
        assert run.returncode == 0, run.stderr


@pytest.mark.parametrize("name", ["docx-pandoc/tables.docx", "docx-pandoc/table_header_rowspan.docx",
                                  "docx-pandoc/text_in_shape_format.docx", "docx-python-docx/tbl-having-tables.docx"])
def test_cut_or_damaged_documents_never_crash(name, jixiao, tmp_path):
    import random
    import zipfile
    source = CORPORA / name
    data = source.read_bytes()
    with zipfile.ZipFile(source) as archive:
        body = archive.read("word/document.xml")
    rng = random.Random(name)
    path = tmp_path / "damaged.docx"
    for trial in range(16):
        if trial % 4 == 0:
            damaged = data[: rng.randrange(len(data))]
        elif trial % 4 == 1:
            damaged = bytearray(data)
            for _ in range(8):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        else:
            # A sound zip around a document part cut short or with bytes changed.
            part = bytearray(body[: rng.randrange(len(body))] if trial % 4 == 2 else body)
            if trial % 4 == 3:
                for _ in range(8):
                    part[rng.randrange(len(part))] = rng.choice(b"<>&/\"'=\x00\xff")
            with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as target:
                for item in original.infolist():
                    target.writestr(item, bytes(part) if item.filename == "word/document.xml" else original.read(item))
            damaged = path.read_bytes()
        path.write_bytes(bytes(damaged))
        run = jixiao("tables", path)
        assert run.returncode in (0, 2), (trial, run.returncode, run.stderr)
        if run.returncode == 2:
            last = run.stderr.decode(errors="replace").strip().splitlines()[-1]
            assert last.startswith(str(path)) and ": error: " in last, (trial, last)
