"""`jixiao tables`: what the readers recovered, as JSON, checked against the file itself."""
import json

from openpyxl import Workbook


def test_a_workbook_gives_one_table_per_sheet_hidden_ones_too_with_merges_as_spans(jixiao, tmp_path):
    book = Workbook()
    form = book.active
    form.title = "表"
    form.append(["一级指标", "二级指标", "三级指标", "指标值"])
    form.append(["产出指标", "数量指标", "培训人次", "≥280人次"])
    form.append([None, None, "培训天数", "3天"])
    form.merge_cells("A2:A3")
    notes = book.create_sheet("备注")
    notes["B2"] = "隐藏的说明"
    notes.sheet_state = "hidden"
    path = tmp_path / "form.xlsx"
    book.save(path)
    run = jixiao("tables", path, "--format", "json")
    assert run.returncode == 0, run.stderr
    tables = json.loads(run.stdout)["tables"]
    assert [table["name"] for table in tables] == ["表", "备注"]
    cells = {(cell["row"], cell["column"]): cell for cell in tables[0]["cells"]}
    assert cells[(1, 3)]["text"] == "三级指标"
    assert cells[(2, 1)]["text"] == "产出指标" and cells[(2, 1)]["row_span"] == 2 and cells[(2, 1)]["column_span"] == 1
    assert (3, 1) not in cells  # covered by the merge
    assert cells[(3, 4)]["text"] == "3天" and cells[(3, 4)]["source"].endswith("表!D3")
    assert tables[1]["cells"] == [{"row": 2, "column": 2, "row_span": 1, "column_span": 1, "text": "隐藏的说明",
                                   "source": tables[1]["cells"][0]["source"]}]


def test_a_text_gives_the_rows_it_recovered_with_their_lines(jixiao, tmp_path):
    path = tmp_path / "filing.txt"
    path.write_text("标题\n一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 数量指标 | 培训人次 | ≥280人次 |\n"
                    "培训天数 | 3天 |\n", encoding="utf-8")
    run = jixiao("tables", path, "--format", "json")
    assert run.returncode == 0, run.stderr
    (table,) = json.loads(run.stdout)["tables"]
    assert table["source"].endswith("filing.txt:2")
    rows = {}
    for cell in table["cells"]:
        rows.setdefault(cell["row"], []).append(cell["text"])
    assert rows == {1: ["一级指标", "二级指标", "三级指标", "指标值"], 2: ["产出指标", "数量指标", "培训人次", "≥280人次"],
                    3: ["培训天数", "3天"]}
    assert all(cell["source"].endswith(f"filing.txt:{cell['row'] + 1}") for cell in table["cells"])


def test_a_file_that_cannot_be_read_is_an_error(jixiao, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    run = jixiao("tables", path)
    assert run.returncode == 2
    assert b"broken.xlsx" in run.stderr
