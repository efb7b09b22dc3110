#!/usr/bin/env python3
"""Lays every filing of the real corpus out in the containers it would come in: a Word document
(python-docx, merged level cells) and a web page (rowspans, some GBK, some inside layout tables),
and optionally a PDF printed from the Word file by LibreOffice.

Everything comes from the hand-made answer keys (Tests/RealFilings/*.key.yaml), never from the
reader: the key's rows give the table, its comments give the header words and how targets were
written. The output is deterministic (no randomness: variants are picked by the file's number).

    python3 Benchmarks/containers.py OUT_DIR [--formats docx,html,pdf] [--keys DIR] [--only NN,...]

writes OUT_DIR/docx/NN-name.docx, OUT_DIR/html/NN-name.html and OUT_DIR/pdf/NN-name.pdf.
"""
import argparse
import datetime
import glob
import html
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEYS = os.path.join(ROOT, "Tests", "RealFilings")
FORMATS = ("docx", "html", "pdf")
SYMBOLS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}
ASCII = {">=": ">=", "<=": "<=", "=": "=", ">": ">", "<": "<"}

# The filing's own columns where its key's comments name them. Each layout lists the columns
# right of the level columns: "name", "value", "op", "unit", "long" (the long-term value), a
# fixed text ("=分值" fills each row with nothing, "=分值:10" with 10) or "actual" (the value
# reached, in self-evaluation tables, written as the target). None of the level columns: no levels.
STANDARD = [("三级指标", "name"), ("指标值", "value")]
SELF_EVALUATION = [("三级指标", "name"), ("年度指标值", "value"), ("实际完成值", "actual"), ("分值", "=10"), ("得分", "=10")]
LAYOUTS = {
    "04": {"columns": [("指标内容", "name"), ("指标值", "value")]},
    # A header over two rows: 指标值 over the prior year's value (left empty) and the target.
    "07": {"columns": [("三级指标", "name"), ("2021年实际实现值", "="), ("预期2022年实现值", "value")],
           "over": ("指标值", 2)},
    "05": {"columns": [("三级指标", "name"), ("指标解释", "name"), ("指标说明及公式", "="), ("预期达到目标", "value")]},
    "06": {"columns": STANDARD + [("备注", "=")], "ascii": True},
    "09": {"columns": STANDARD + [("绩效标准", "=计划标准")]},
    "10": {"levels": False, "columns": [("序号", "#"), ("三级指标", "name"), ("年度指标值", "value")]},
    "11": {"columns": [("指标内容", "name"), ("指标值", "value"), ("备注", "=")]},
    "20": {"columns": [("三级指标", "name"), ("指标性质", "op"), ("指标值", "value"), ("度量单位", "unit"), ("权重", "=10")]},
    "22": {"columns": [("三级指标", "name"), ("单位", "unit"), ("指标值", "value")], "group": True},
    "23": {"levels": False, "columns": [("三级指标", "name"), ("年度目标值", "value"), ("实施周期目标值", "long")]},
    "24": {"columns": [("三级指标", "name"), ("分值", "=10"), ("年度指标值", "value"), ("全年实际值", "actual"), ("得分", "=10")]},
    "25": {"columns": SELF_EVALUATION, "group": True},
    "26": {"columns": [("三级指标", "name"), ("年度指标值", "value"), ("全年完成值", "actual"), ("未完成原因和改进措施", "=")], "group": True},
    "27": {"columns": [("三级指标", "name"), ("指标值", "value"), ("分值", "=10"), ("指标解释", "=")]},
    "40": {"columns": [("三级指标", "name"), ("年度数值", "value"), ("备注", "=")], "ascii": True},
    "41": {"columns": [("三级指标", "name"), ("指标性质", "direction"), ("指标方向", "op"), ("目标值", "value"),
                       ("计量单位", "unit"), ("分值", "=5"), ("备注", "=")]},
    # An evaluation table stating the year's targets, closed by its total row.
    "43": {"level_headers": ("评价指标", "评价内容"),
           "columns": [("指标名称", "name"), ("指标说明", "explain"), ("目标值", "value"), ("分值", "score"), ("备注", "=")],
           "total": "100"},
    # Fujian's 2017 form: 评价指标 spans the level 2 and a 目标N label (None: the header cell to
    # the left spans this column too; the key says only that the label stands before the
    # content); the target is the last column.
    "65": {"level_headers": ("绩效目标", "评价指标"),
           "columns": [(None, "label"), ("绩效内容", "name"), ("绩效标准", "standard"), ("全年绩效目标", "value")]},
    # Two blocks side by side under one level 1: the long-term block left, the annual one right.
    # 01's long-term block names level 2 only (its names and targets are blank).
    "01": {"side": None},
    "69": {"side": "中期目标(2024年—2026年)"},
    "70": {"columns": SELF_EVALUATION + [("偏差原因分析及改进措施", "=")], "group": True},
    "84": {"columns": [("三级指标", "name"), ("分值", "=10"), ("年度指标值", "value"), ("全年实际值", "actual"), ("得分", "=10"), ("未完成原因", "=")]},
    "85": {"columns": SELF_EVALUATION},
    "86": {"columns": SELF_EVALUATION},
}
# A merged 绩效指标 label left of the levels, where the key says the filing had one.
GROUP_LABEL = {"21", "28", "42", "64", "67", "80", "82"}


def parse_key(path):
    """The key, and per indicator row the comments written after its fields."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    key = yaml.safe_load(text)
    notes, header = [], []
    for line in text.splitlines():
        if line.startswith("#"):
            header.append(line[1:].strip())
        elif re.match(r"\s*-\s*period:", line):
            notes.append({})
        elif notes:
            match = re.match(r'\s*(\w+):\s*("(?:[^"\\]|\\.)*"|[^#]*?)\s+#\s*(.*)$', line)
            if match:
                notes[-1][match.group(1)] = match.group(3)
    rows = [row for filing in key["filings"] for row in filing["indicators"]]
    assert len(rows) == len(notes), path
    for row, note in zip(rows, notes):
        row["_notes"] = note
    key["_comments"] = "\n".join(header)
    return key


def number_text(value, separators=False):
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}" if separators and value >= 10000 else str(value)
    if isinstance(value, float):
        text = format(Decimal(str(value)).normalize(), "f")
        return text
    return str(value)


def comparator(row, ascii_ops):
    """The comparator as the filing wrote it: none where the key says none was written."""
    op = row.get("op")
    note = row["_notes"].get("op", "")
    if op is None:
        return "", ""
    if op == "=" and ("no comparator" in note or "checked: op null" in note):
        return "", ""
    if "以上" in note:
        return "", "以上"
    for written in ("≧", "≦", "大于等于"):
        if written in note:
            return written, ""
    return (ASCII if ascii_ops else SYMBOLS)[op], ""


class Runs(str):
    """A cell's text typed in pieces: Word keeps the comparator, the number and the unit in runs
    of their own (and a page saved from Word in spans of their own)."""

    def __new__(cls, parts):
        runs = str.__new__(cls, "".join(parts))
        runs.parts = [part for part in parts if part]
        return runs


def target(row, layout, with_op=True, with_unit=True):
    """The target cell: comparator + value + unit, or the text of a qualitative target."""
    prefix, suffix = comparator(row, layout.get("ascii")) if with_op else ("", "")
    value = row.get("value")
    text = "" if value is None else number_text(value, layout.get("separators"))
    unit = (row.get("unit") or "") if with_unit else ""
    return Runs([prefix, text, unit + suffix])


def layout_of(number, key):
    layout = dict(LAYOUTS.get(number, {}))
    layout.setdefault("columns", STANDARD)
    layout.setdefault("levels", True)
    layout.setdefault("group", number in GROUP_LABEL)
    comments = key["_comments"]
    layout["separators"] = "thousands-separator" in comments
    # Labels typed with blanks between their characters ("产 出 指 标"), where the key says so.
    layout["spaced"] = "labels-with-blanks" in comments or "spaced-label" in comments
    layout["group_text"] = "绩 效 指 标" if "绩 效 指 标" in comments else "绩效指标"
    return layout


def spaced(text, layout):
    """A label typed with blanks between its characters; a score after it ("(50分)") as typed."""
    if not text or not layout["spaced"]:
        return text
    match = re.match(r"(.*?)([（(].*)?$", text)
    return " ".join(match.group(1)) + (match.group(2) or "")


def side_by_side_table(filing, layout):
    """一级指标 | 二级指标 | 三级指标 | 指标值 | 二级指标 | 三级指标 | 指标值: long-term left, annual
    right, a row above naming the two blocks."""
    rows = filing["indicators"]
    annual = [r for r in rows if r.get("period", "annual") == "annual"]
    long_term = [r for r in rows if r.get("period") == "long_term"]
    top = ["总体目标"] + [layout["side"] or "长期目标"] * 3 + ["年度目标"] * 3
    grid = [top, ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"]]
    for index, row in enumerate(annual):
        other = long_term[index] if index < len(long_term) else None
        left = [other["level2"] or "", other["name"], target(other, layout)] if other else [row.get("level2") or "", "", ""]
        grid.append([row.get("level1") or ""] + left + [row.get("level2") or "", row["name"], target(row, layout)])
    merges = [(0, 1, 0, 3), (0, 4, 0, 6)]
    merges += runs_of(grid, 0, 2, lambda i: grid[i][0])
    for column in (1, 4):
        merges += runs_of(grid, column, 2, lambda i, c=column: (grid[i][0], grid[i][c]))
    return grid, merges


def runs_of(grid, column, first, value):
    """Vertical merges of the cells of a column, from row first on, that repeat the one above."""
    merges, top = [], first
    for index in range(first + 1, len(grid) + 1):
        if index == len(grid) or value(index) != value(top):
            if index - 1 > top and grid[top][column]:
                merges.append((top, column, index - 1, column))
            top = index
    return merges


def indicator_table(filing, layout):
    """The indicator table as a grid of texts with merges: (grid, merges), merges as
    (top, left, bottom, right) inclusive."""
    if "side" in layout:
        return side_by_side_table(filing, layout)
    rows = filing["indicators"]
    columns = layout["columns"]
    annual = [r for r in rows if r.get("period", "annual") == "annual"]
    long_term = {r["name"]: r for r in rows if r.get("period") == "long_term"}
    has_long = any(c[1] == "long" for c in columns)
    if long_term and not has_long:
        columns = columns + [("实施期指标值", "long")]
        has_long = True
    if has_long:
        # Long-term rows with no annual row of their name stand alone (annual cell empty).
        names = {r["name"] for r in annual}
        body = annual + [dict(r, _only_long=True) for r in long_term.values() if r["name"] not in names]
    else:
        body = rows
    level_headers = layout.get("level_headers", ("一级指标", "二级指标"))
    levels = list(zip(level_headers, ("level1", "level2"))) if layout["levels"] else []
    group = [layout["group_text"]] if layout["group"] else []
    header = group + [h for h, _ in levels] + [spaced(h, layout) if h and h.startswith("年度") else h for h, _ in columns]
    grid, merges = [header], []
    for j, text in enumerate(header):
        if text is None:
            header[j] = header[j - 1]
            merges = [m for m in merges if m[3] != j - 1]
            merges.append((0, next(m[1] for m in merges + [(0, j - 1, 0, j - 1)] if m[3] == j - 1), 0, j))
    if layout.get("over"):
        # The top row holds the group's header over its columns; the others span both rows.
        label, width = layout["over"]
        grid = [header[:-width] + [label] * width, header]
        merges = [(0, j, 1, j) for j in range(len(header) - width)]
        merges.append((0, len(header) - width, 0, len(header) - 1))
    for index, row in enumerate(body, 1):
        cells = list(group)
        cells += [spaced(row.get(field) or "", layout) for _, field in levels]
        only_long = row.get("_only_long")
        for _, what in columns:
            if what == "name":
                cells.append(row["name"])
            elif what == "#":
                cells.append(str(index))
            elif what == "label":
                # 目标1, 目标2, ... within each level-2 group.
                same = [r for r in body[:index] if (r.get("level1"), r.get("level2")) == (row.get("level1"), row.get("level2"))]
                cells.append(f"目标{len(same)}")
            elif what == "standard":
                match = re.search(r'绩效标准 "?([^";]+)"?', row["_notes"].get("name", ""))
                cells.append(target(row, layout) if not match or match.group(1).startswith("is ") else match.group(1))
            elif what == "explain":
                match = re.search(r'指标说明 "([^"]+)"', " ".join(row["_notes"].values()))
                cells.append(match.group(1) if match else "")
            elif what == "score":
                match = re.search(r"分值 (\d+)|(\d+) \(分值\)|the (\d+) is the 分值", " ".join(row["_notes"].values()))
                cells.append(next(g for g in match.groups() if g) if match else "")
            elif what == "direction":
                cells.append("反向" if "成本" in (row.get("level2") or "") else "正向")
            elif what == "value":
                with_op = not any(w == "op" for _, w in columns)
                with_unit = not any(w == "unit" for _, w in columns)
                cells.append("" if only_long else target(row, layout, with_op, with_unit))
            elif what == "actual":
                cells.append("" if only_long else target(row, layout))
            elif what == "long":
                other = long_term.get(row["name"])
                cells.append(target(other, layout) if other else "")
            elif what == "op":
                prefix, suffix = comparator(row, layout.get("ascii"))
                cells.append(prefix or ("=" if row.get("op") == "=" else ""))
            elif what == "unit":
                cells.append(row.get("unit") or "")
            else:
                cells.append(what[1:])
        grid.append(cells)
    if layout.get("total"):
        # 总分 spans the cells left of the score column.
        score = next(j for j, (_, what) in enumerate(columns) if what == "score") + len(group) + len(levels)
        grid.append(["总分"] * score + [layout["total"]] + [""] * (len(header) - score - 1))
        merges.append((len(grid) - 1, 0, len(grid) - 1, score - 1))
    offset = 1 if layout["group"] else 0
    first = 2 if layout.get("over") else 1
    if layout["group"] and len(grid) > 1:
        merges = [m for m in merges if m[1] != 0]
        merges.append((0, 0, len(grid) - 1, 0))
    if layout["levels"]:
        for column in (offset, offset + 1):
            merges += runs_of(grid, column, first, lambda i, c=column: (grid[i][offset], grid[i][c]))
    return grid, merges


def title_of(filing):
    year = filing.get("fiscal_year")
    kind = "部门整体支出绩效目标表" if filing.get("kind") == "department" else "项目支出绩效目标表"
    return f"{kind}（{year}年度）" if year else kind


def field_pairs(number, filing):
    pairs = []
    if filing.get("kind") == "department":
        pairs.append(("部门名称", filing.get("unit") or ""))
    else:
        pairs.append(("项目名称", filing.get("project") or ""))
        # Both labels occur on real forms.
        pairs.append(("项目实施单位" if int(number) % 2 else "实施单位", filing.get("unit") or ""))
    return pairs


def blocks_of(number, key):
    """The document as blocks: ("p", text) and ("table", grid, merges). Fields are paragraphs,
    a table of their own, or the top rows of the indicator table, by the file's number."""
    style = int(number) % 3
    blocks = []
    for filing in key["filings"]:
        layout = layout_of(number, key)
        grid, merges = indicator_table(filing, layout)
        blocks.append(("p", title_of(filing)))
        pairs = field_pairs(number, filing)
        if style == 0:
            blocks += [("p", f"{label}：{value}") for label, value in pairs]
            blocks.append(("p", "单位：万元"))
            blocks.append(("table", grid, merges))
        elif style == 1:
            blocks.append(("table", [[text for pair in pairs for text in pair]], []))
            blocks.append(("table", grid, merges))
        else:
            # One form: field rows above the indicator rows, the value spanning the rest.
            width = len(grid[0])
            top = [[label] + [value] * (width - 1) for label, value in pairs]
            shifted = [(t + len(top), l, b + len(top), r) for t, l, b, r in merges]
            spans = [(i, 1, i, width - 1) for i in range(len(top))] if width > 2 else []
            blocks.append(("table", top + grid, spans + shifted))
    return blocks


# Word.

def write_docx(blocks, path):
    from docx import Document
    document = Document()
    for block in blocks:
        if block[0] == "p":
            document.add_paragraph(block[1])
            continue
        _, grid, merges = block
        table = document.add_table(rows=len(grid), cols=len(grid[0]))
        table.style = "Table Grid"
        covered = covered_cells(merges)
        for i, row in enumerate(grid):
            for j, text in enumerate(row):
                if (i, j) in covered or not text:
                    continue
                if isinstance(text, Runs):
                    paragraph = table.cell(i, j).paragraphs[0]
                    for part in text.parts:
                        paragraph.add_run(part)
                else:
                    table.cell(i, j).text = text
        for top, left, bottom, right in merges:
            table.cell(top, left).merge(table.cell(bottom, right))
    # Fixed times (document properties and zip entries) keep the file the same from run to run.
    moment = datetime.datetime(2024, 1, 1)
    document.core_properties.created = moment
    document.core_properties.modified = moment
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(zipfile.ZipInfo(item.filename, moment.timetuple()[:6]), source.read(item.filename),
                            zipfile.ZIP_DEFLATED)


def covered_cells(merges):
    covered = set()
    for top, left, bottom, right in merges:
        for i in range(top, bottom + 1):
            for j in range(left, right + 1):
                if (i, j) != (top, left):
                    covered.add((i, j))
    return covered


# Web pages.

PAGE_TOP = """<div class="top"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/zfxxgk/">政府信息公开</a>
<a href="/hdjl/">互动交流</a> <a href="/bsfw/">办事服务</a></div>"""
PAGE_BOX = """<table class="xxgk" width="100%"><tr><td>索引号：</td><td>{index}</td><td>发布机构：</td><td>{unit}</td></tr>
<tr><td>发布日期：</td><td>{year}-01-20</td><td>有效性：</td><td>有效</td></tr></table>"""
PAGE_FOOT = """<div class="foot"><p><a href="#">网站地图</a> | <a href="#">联系我们</a> | <a href="#">隐私声明</a></p>
<p>主办单位：{unit} 版权所有</p><p>技术支持：信息中心 建议使用1024×768分辨率浏览</p></div>"""


def table_html(grid, merges, closed=True):
    covered = covered_cells(merges)
    spans = {(t, l): (b - t + 1, r - l + 1) for t, l, b, r in merges}
    lines = ['<table border="1" cellspacing="0" cellpadding="2" class="MsoNormalTable">']
    for i, row in enumerate(grid):
        cells = []
        for j, text in enumerate(row):
            if (i, j) in covered:
                continue
            rows, cols = spans.get((i, j), (1, 1))
            attributes = (f' rowspan="{rows}"' if rows > 1 else "") + (f' colspan="{cols}"' if cols > 1 else "")
            if isinstance(text, Runs) and len(text.parts) > 1:
                body = "".join(f'<span lang="EN-US">{html.escape(part)}</span>' for part in text.parts)
            else:
                body = html.escape(text) if text else "&nbsp;"
            # Word's "save as web page" wraps each cell's text in a paragraph.
            cells.append(f'<td{attributes}><p align="center">{body}</p>' + ("</td>" if closed else ""))
        lines.append("<tr>" + "".join(cells) + ("</tr>" if closed else ""))
    lines.append("</table>")
    return "\n".join(lines)


def write_html(number, key, blocks, path):
    """Pages vary by the file's number: charset (GBK declared as gbk or gb2312, or UTF-8), the
    filing inside a site's layout tables or alone, closed or unclosed cells."""
    n = int(number)
    charset = ("gbk", "gb2312", "utf-8")[n % 3]
    layout = n % 2 == 0
    closed = n % 4 != 1
    filing = key["filings"][0]
    body = []
    for block in blocks:
        if block[0] == "p":
            body.append(f'<p class="MsoNormal">{html.escape(block[1])}</p>')
        else:
            body.append(table_html(block[1], block[2], closed))
    content = "\n".join(body)
    unit = html.escape(filing.get("unit") or "")
    year = filing.get("fiscal_year") or 2020
    if layout:
        content = (f'<table width="1000" align="center"><tr><td>{PAGE_TOP}</td></tr>\n'
                   f'<tr><td><table width="100%"><tr><td class="left" width="200"><ul><li><a href="#">通知公告</a></li>'
                   f'<li><a href="#">财政预决算</a></li><li><a href="#">绩效管理</a></li></ul></td>\n'
                   f'<td class="content">{PAGE_BOX.format(index="11420107/" + str(year) + "-0" + number, unit=unit, year=year)}\n'
                   f'<div class="TRS_Editor">{content}</div></td></tr></table></td></tr>\n'
                   f'<tr><td>{PAGE_FOOT.format(unit=unit)}</td></tr></table>')
    else:
        content = f'<div class="article">{content}</div>'
    meta = (f'<meta charset="{charset}">' if n % 2 else
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    page = (f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            f'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
            f"<html><head>{meta}<title>{html.escape(title_of(filing))}</title>\n"
            f'<style>td {{ font-size: 12pt; }}</style><script>var _hmt = _hmt || [];</script></head>\n'
            f"<body>\n{content}\n</body></html>\n")
    if charset != "utf-8":
        try:
            data = page.encode("gbk")
        except UnicodeEncodeError:
            # A character GBK lacks: the page is GB18030 and says so.
            page = page.replace(f"charset={charset}", "charset=gb18030").replace(f'charset="{charset}"', 'charset="gb18030"')
            data = page.encode("gb18030")
    else:
        data = page.encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(data)


def print_pdfs(docx_dir, pdf_dir):
    """Prints every Word file to PDF with LibreOffice, in a profile of its own."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("containers: soffice is not installed (apt-get install libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory() as profile:
        files = sorted(glob.glob(os.path.join(docx_dir, "*.docx")))
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", pdf_dir, *files],
                       check=True, capture_output=True, timeout=1800)


def generate(out, formats=("docx", "html"), keys=KEYS, only=None):
    """Writes the containers; returns {format: [paths]}."""
    written = {f: [] for f in formats}
    for f in formats:
        os.makedirs(os.path.join(out, f), exist_ok=True)
    docx_dir = os.path.join(out, "docx")
    if "pdf" in formats and "docx" not in formats:
        docx_dir = tempfile.mkdtemp()
    for key_path in sorted(glob.glob(os.path.join(keys, "*.key.yaml"))):
        stem = os.path.basename(key_path)[:-len(".key.yaml")]
        number = stem.split("-")[0]
        if only and number not in only:
            continue
        key = parse_key(key_path)
        blocks = blocks_of(number, key)
        if "docx" in formats or "pdf" in formats:
            path = os.path.join(docx_dir, stem + ".docx")
            write_docx(blocks, path)
            if "docx" in formats:
                written["docx"].append(path)
        if "html" in formats:
            path = os.path.join(out, "html", stem + ".html")
            write_html(number, key, blocks, path)
            written["html"].append(path)
    if "pdf" in formats:
        pdf_dir = os.path.join(out, "pdf")
        print_pdfs(docx_dir, pdf_dir)
        written["pdf"] = sorted(glob.glob(os.path.join(pdf_dir, "*.pdf")))
        if "docx" not in formats:
            shutil.rmtree(docx_dir)
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--formats", default="docx,html")
    parser.add_argument("--keys", default=KEYS)
    parser.add_argument("--only", help="file numbers, comma-separated")
    options = parser.parse_args()
    formats = [f for f in options.formats.split(",") if f]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        parser.error(f"unknown formats: {', '.join(sorted(unknown))}")
    only = set(options.only.split(",")) if options.only else None
    written = generate(options.out, formats, options.keys, only)
    for f, paths in written.items():
        print(f"containers: {len(paths)} {f} files in {os.path.join(options.out, f)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
