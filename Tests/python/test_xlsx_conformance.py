"""Workbooks other programs made (../shared/corpora/xlsx-excel: Excel itself; xlsx-calamine: Excel,
LibreOffice and odd writers) read as python-calamine reads them: every file reads or fails with a
clear error, and every sheet's cells match calamine's, numbers numerically, text exactly, dates
and times as ISO text, durations as hours:minutes:seconds.

One difference is by design: an error cell (#DIV/0!, #VALUE!) keeps its text in Jixiao, where
python-calamine gives no value.
"""
import datetime
import json
import os
import pathlib

import pytest

# The oracle must be there in CI (scripts/setup.sh --test installs it); elsewhere its absence skips.
if os.environ.get("CI"):
    import python_calamine
else:
    python_calamine = pytest.importorskip("python_calamine")

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPORA = ROOT.parent / "shared" / "corpora"
FILES = sorted((CORPORA / "xlsx-excel").glob("*.xlsx")) + sorted((CORPORA / "xlsx-calamine").glob("*.xlsx"))
ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}
# Files calamine cannot open either, and why; Jixiao must refuse them with a clear error.
UNREADABLE = {
    "issue252.xlsx": "xlsx-bad-zip",          # a part whose checksum does not match its bytes
    "pass_protected.xlsx": "xlsx-encrypted",  # saved with a password
}


def same(expected, ours):
    """Whether Jixiao's cell text says what calamine's value says."""
    if expected in ("", None):
        return ours in ("", None) or ours in ERRORS
    if ours is None:
        return False
    if isinstance(expected, bool):
        return ours.upper() == str(expected).upper()
    if isinstance(expected, (int, float)):
        try:
            return abs(float(ours) - expected) <= 1e-9 * max(1.0, abs(expected))
        except ValueError:
            return False
    if isinstance(expected, datetime.datetime):
        return ours == expected.isoformat(sep=" ") or (expected.time() == datetime.time() and ours == expected.date().isoformat())
    if isinstance(expected, (datetime.date, datetime.time)):
        return ours == expected.isoformat()
    if isinstance(expected, datetime.timedelta):
        hours, minutes, seconds = ours.split(":")
        return abs(int(hours) * 3600 + int(minutes) * 60 + float(seconds) - expected.total_seconds()) < 1
    return ours == expected


@pytest.mark.skipif(not FILES, reason="the conformance corpora are not next to the project")
def test_every_sheet_matches_calamine(jixiao):
    mismatches, failures, sheets = [], [], 0
    for path in FILES:
        run = jixiao("tables", path, "--format", "json")
        assert run.returncode in (0, 2), (path.name, run.returncode, run.stderr[-300:])
        if path.name in UNREADABLE:
            assert run.returncode == 2 and f"[{UNREADABLE[path.name]}]" in run.stderr.decode(), (path.name, run.stderr)
            continue
        if run.returncode != 0:
            failures.append((path.name, run.stderr.decode()[:200]))
            continue
        tables = {table["name"]: table for table in json.loads(run.stdout)["tables"]}
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            sheets += 1
            ours = {(cell["row"], cell["column"]): cell["text"] for cell in tables.get(name, {"cells": []})["cells"]}
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            wrong = [(r + 1, c + 1, value, ours.get((r + 1, c + 1)))
                     for r, row in enumerate(rows) for c, value in enumerate(row)
                     if not same(value, ours.get((r + 1, c + 1)))]
            if name not in tables or wrong:
                mismatches.append((path.name, name, wrong[:3]))
    assert not failures, failures
    assert sheets > 900
    assert not mismatches, mismatches


def odd_workbook(path, *, sheet_target="worksheets/sheet1.xml", strings_name="sharedStrings.xml",
                 sheet_encoding="utf-8", cells="", merges="", strings="", workbook_pr=""):
    """A minimal workbook written by hand, with one of the liberties other writers take."""
    import zipfile
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet = (f'<?xml version="1.0" encoding="{sheet_encoding.upper()}"?><worksheet xmlns="{main}"><sheetData><row r="1">{cells}</row>'
             f'</sheetData>{merges}</worksheet>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f'<Relationship Id="r1" Type="{relationship}/officeDocument" Target="/xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{relationship}">{workbook_pr}'
                         f'<sheets><sheet name="表" sheetId="1" r:id="r1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f'<Relationship Id="r1" Type="{relationship}/worksheet" Target="{sheet_target}"/>'
                         f'<Relationship Id="r2" Type="{relationship}/sharedStrings" Target="{strings_name}"/>'
                         f'<Relationship Id="r3" Type="{relationship}/styles" Target="styles.xml"/></Relationships>')
        archive.writestr("xl/" + strings_name, f'<sst xmlns="{main}">{strings}</sst>')
        archive.writestr("xl/styles.xml", f'<styleSheet xmlns="{main}"><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')
        archive.writestr("xl/worksheets/sheet1.xml", sheet.encode(sheet_encoding))


# Each case: what the writer did, and the first row's cell texts as Excel shows them.
ODD = {
    "capitalised-shared-strings": (dict(strings_name="SharedStrings.xml", strings="<si><t>一级指标</t></si>",
                                        cells='<c r="A1" t="s"><v>0</v></c>'), ["一级指标"]),
    "relative-target": (dict(sheet_target="./worksheets/sheet1.xml", cells='<c r="A1"><v>7</v></c>'), ["7"]),
    "absolute-target": (dict(sheet_target="/xl/worksheets/sheet1.xml", cells='<c r="A1"><v>7</v></c>'), ["7"]),
    "utf-16-without-mark": (dict(sheet_encoding="utf-16-le", cells='<c r="A1" t="inlineStr"><is><t>指标值</t></is></c>'), ["指标值"]),
    "iso-date-cell": (dict(cells='<c r="A1" t="d"><v>2024-12-31</v></c>'), ["2024-12-31"]),
    "one-cell-merge": (dict(cells='<c r="A1"><v>1</v></c>', merges='<mergeCells count="1"><mergeCell ref="A15"/></mergeCells>'), ["1"]),
    "control-character": (dict(strings="<si><t>一级&#x1;指标</t></si>", cells='<c r="A1" t="s"><v>0</v></c>'), ["一级\x01指标"]),
    "escaped-return": (dict(strings="<si><t>第一行_x000D_第二行</t></si>", cells='<c r="A1" t="s"><v>0</v></c>'), ["第一行\r第二行"]),
    "1904-dates": (dict(workbook_pr='<workbookPr date1904="1"/>', cells='<c r="A1" s="1"><v>42368</v></c>'), ["2019-12-31"]),  # 2015-12-31 from 1900
    "space-not-preserved": (dict(strings='<si><t>  指标  </t></si><si><t xml:space="preserve">  值</t></si>',
                                 cells='<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'), ["指标", "  值"]),
}


@pytest.mark.parametrize("case", sorted(ODD))
def test_liberties_other_writers_take(jixiao, tmp_path, case):
    options, expected = ODD[case]
    path = tmp_path / f"{case}.xlsx"
    odd_workbook(path, **options)
    run = jixiao("tables", path, "--format", "json")
    assert run.returncode == 0, run.stderr.decode()
    cells = json.loads(run.stdout)["tables"][0]["cells"]
    assert [cell["text"] for cell in cells if cell["row"] == 1] == expected
