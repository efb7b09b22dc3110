"""PDFs and legacy Word documents: a filing made with python-docx (merged level cells, a page head
and foot, a table running over pages with its header row repeated) printed to PDF and saved as
.doc by LibreOffice, read back into the rows written here by hand; damaged, encrypted and
image-only PDFs and unconvertible .doc files refused with clear, placed errors."""
import json
import pathlib
import re
import shutil
import subprocess

import pytest
import yaml
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl import load_workbook

from conftest import JIXIAO_BINARY

from test_same_table_any_container import EXPECTED as SAME_TABLE_EXPECTED
from test_same_table_any_container import TABLES, as_docx, rows_of

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is missing: scripts/setup.sh --test installs libreoffice-writer-nogui")

PAGE_HEAD = "某某县财政局 2024年项目支出绩效目标表"
# Rows long enough to push the table onto a second page: (name, target as written, value).
FILLER = [(f"清扫保洁道路第{n}段", f"≥{100 + n}平方米", 100 + n) for n in range(1, 41)]
# What a person reads in the table: (level1, level2, name, op, value, unit) per indicator.
EXPECTED = (
    [("产出指标", "数量指标", "清扫保洁道路面积", "=", 1346.0088, "万平方米"),
     ("产出指标", "数量指标", "垃圾清运车辆", ">=", 12, "辆")]
    + [("产出指标", "数量指标", name, ">=", value, "平方米") for name, _, value in FILLER]
    + [("产出指标", "质量指标", "垃圾无害化处理率", "=", 100, "%"),
       ("产出指标", "时效指标", "完成时间", None, "2024年12月底前", None),
       ("效益指标", "社会效益指标", "群众知晓率", ">=", 90, "%"),
       ("满意度指标", "服务对象满意度指标", "群众满意度", ">=", 95, "%")]
)


def page_number_field(paragraph):
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        element = OxmlElement("w:fldChar" if kind else "w:instrText")
        if kind:
            element.set(qn("w:fldCharType"), kind)
        else:
            element.text = text
        run._r.append(element)


def filing_docx(path):
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = PAGE_HEAD
    foot = section.footer.paragraphs[0]
    foot.text = "第 "
    page_number_field(foot)
    foot.add_run(" 页")
    document.add_paragraph("城区环境卫生2024年项目支出绩效目标表")
    document.add_paragraph("项目名称：城区道路清扫保洁")
    rows = [["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", "清扫保洁道路面积", "1346.0088万平方米"],
            [None, None, "垃圾清运车辆", "≥12辆"]]
    rows += [[None, None, name, target] for name, target, _ in FILLER]
    rows += [[None, "质量指标", "垃圾无害化处理率", "100%"],
             [None, "时效指标", "完成时间", "2024年12月底前"],
             ["效益指标", "社会效益指标", "群众知晓率", "≥90%"],
             ["满意度指标", "服务对象满意度指标", "群众满意度", "95%以上"]]
    table = document.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            if text is not None:
                table.cell(i, j).text = text
    # The header row repeats at the top of every page, as Word repeats it.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    last_output = len(rows) - 5
    table.cell(1, 0).merge(table.cell(last_output + 2, 0))
    table.cell(1, 1).merge(table.cell(last_output, 1))
    document.add_paragraph("填报人：王明")
    document.save(path)


def soffice_convert(source, target_format, folder):
    profile = folder / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target_format,
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=240)
    converted = folder / f"{source.stem}.{target_format.split(':')[0]}"
    assert converted.exists(), f"LibreOffice did not write {converted}"
    return converted


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The filing as .docx, its PDF and its .doc, made once for the module."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is missing: scripts/setup.sh --test installs libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("printed")
    docx = folder / "filing.docx"
    filing_docx(docx)
    return {"docx": docx, "pdf": soffice_convert(docx, "pdf", folder), "doc": soffice_convert(docx, "doc", folder)}


def as_tuples(rows):
    return [(r.get("level1"), r.get("level2"), r["name"], r.get("op"), r.get("value"), r.get("unit")) for r in rows]


def test_the_test_pdf_has_what_the_reader_must_handle(printed):
    # pdftotext (the oracle) shows two pages or more, each with the page head and the table's header.
    pages = subprocess.run(["pdftotext", "-layout", str(printed["pdf"]), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    assert all("某某县财政局" in page and "三级指标" in page for page in pages)


def test_a_printed_filing_reads_into_the_rows_of_its_table(printed, jixiao):
    run = jixiao("convert", printed["pdf"], "--to", "yaml", "-v")
    filings = list(yaml.safe_load_all(run.stdout))
    assert run.returncode == 0, run.stderr
    assert len(filings) == 1
    filing = filings[0]
    assert as_tuples(filing["indicators"]) == EXPECTED
    assert filing["project"]["name"] == "城区道路清扫保洁"
    # Positions name the page and its line; the table goes on over the page break.
    sources = [row["source"] for row in filing["indicators"]]
    assert sources[0].startswith(f"{printed['pdf']}:page 1, line ")
    assert sources[-1].startswith(f"{printed['pdf']}:page 2, line ")
    # The page heads and feet are no text of the filing.
    texts = json.dumps(filing, ensure_ascii=False)
    assert "某某县财政局" not in texts
    assert "table goes on from the page before" in run.stderr.decode()


def test_the_pdf_reads_as_the_word_document_it_was_printed_from(printed, jixiao):
    from_word = as_tuples(rows_of(jixiao("convert", printed["docx"], "--to", "yaml")))
    assert from_word == EXPECTED
    assert as_tuples(rows_of(jixiao("convert", printed["pdf"], "--to", "yaml"))) == from_word


def test_a_pdf_goes_into_a_provinces_form(printed, jixiao, tmp_path):
    form = tmp_path / "form.xlsx"
    run = jixiao("convert", printed["pdf"], "--template", "yunnan-project", "-o", form)
    assert run.returncode == 0, run.stderr
    sheet = load_workbook(form).worksheets[0]
    values = [row for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(values) if row[0] == "一级指标")
    body = values[header + 1: header + 1 + len(EXPECTED)]
    assert [row[2] for row in body] == [name for _, _, name, *_ in EXPECTED]
    assert body[0][:6] == ("产出指标", "数量指标", "清扫保洁道路面积", "=", 1346.0088, "万平方米")
    assert body[-1][2:6] == ("群众满意度", ">=", 95, "%")


def test_tables_shows_the_pdf_table_by_its_columns(printed, jixiao):
    run = jixiao("tables", printed["pdf"], "--format", "json")
    assert run.returncode == 0, run.stderr
    tables = json.loads(run.stdout)["tables"]
    table = next(t for t in tables if "columns of a PDF page" in t["layout"])
    header = [cell["text"] for cell in table["cells"] if cell["row"] == 1]
    assert header == ["一级指标", "二级指标", "三级指标", "指标值"]
    assert table["source"].startswith(f"{printed['pdf']}:page 1, line ")
    assert re.fullmatch(r"columns of a PDF page, 4 columns, page 1, line \d+ to page \d+, line \d+", table["layout"]), table["layout"]


def test_the_pdf_layout_note_names_pages_and_lines_in_the_messages_language(printed, jixiao, tmp_path):
    for lang, pattern in [("en", r"read the table as columns of a PDF page, 4 columns, page 1, line \d+ to page \d+, line \d+ \[layout-recovered\]"),
                          ("zh", r"表格按恢复的版式读取（PDF 页面的分栏，4 列，第 1 页第 \d+ 行至第 \d+ 页第 \d+ 行） \[layout-recovered\]")]:
        run = jixiao("convert", printed["pdf"], "-v", "--lang", lang, "--to", "yaml", "-o", tmp_path / f"{lang}.yaml")
        assert run.returncode == 0, run.stderr
        assert re.search(pattern, run.stderr.decode()), run.stderr.decode()


@pytest.mark.parametrize("suffix", ["doc", "wps"])
def test_a_legacy_word_document_reads_as_its_docx(printed, jixiao, tmp_path, suffix):
    legacy = tmp_path / f"filing.{suffix}"
    shutil.copy(printed["doc"], legacy)
    run = jixiao("convert", legacy, "--to", "yaml")
    assert as_tuples(rows_of(run)) == EXPECTED
    assert yaml.safe_load(run.stdout)["indicators"][0]["source"].startswith(f"{legacy}:table ")


@needs_soffice
@pytest.mark.parametrize("centred", [False, True], ids=["left-aligned", "centred"])
@pytest.mark.parametrize("name", sorted(TABLES))
def test_the_same_table_printed_to_pdf_reads_the_same(jixiao, tmp_path, name, centred):
    # The tables every container is checked with, as Word documents (merged level cells), printed:
    # wrapped cells ("2024年12" / "月底前") join, centred cells stay under their header.
    word = tmp_path / "table.docx"
    as_docx(TABLES[name], word)
    if centred:
        document = Document(word)
        for row in document.tables[0].rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.alignment = 1
        document.save(word)
    pdf = soffice_convert(word, "pdf", tmp_path)
    assert as_tuples(rows_of(jixiao("convert", pdf, "--to", "yaml"))) == SAME_TABLE_EXPECTED[name]


@needs_soffice
def test_cells_wrapped_side_by_side_join_and_a_level_name_wrapped_beside_the_next_row_stays_one(jixiao, tmp_path):
    # Narrow columns: a name and a text target wrap together; a level-2 name merged over two rows
    # wraps onto the second row's line. Level names read as the national ones.
    table = [["一级指标", "二级指标", "三级指标", "指标值"],
             ["产出指标", "质量指标", "义务教育学校正常运转", "按要求完成当年的教育教学工作"],
             [None, "时效指标", "贯穿全年", "当年的所有时间"],
             ["效益指标", "社会公众或服务对象满意度指标", "学生家长满意度", "≥90%"],
             [None, None, "学校满意度", "≥90%"]]
    word = tmp_path / "wrapped.docx"
    as_docx(table, word)
    pdf = soffice_convert(word, "pdf", tmp_path)
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # What the test is about, as pdftotext (the oracle) lays it out: the wraps are there.
    assert "义务教育学校正常运转" not in layout and "社会公众或服务对象满意度指标" not in layout
    expected = [("产出指标", "质量指标", "义务教育学校正常运转", None, "按要求完成当年的教育教学工作", None),
                ("产出指标", "时效指标", "贯穿全年", None, "当年的所有时间", None),
                ("效益指标", "服务对象满意度指标", "学生家长满意度", ">=", 90, "%"),
                ("效益指标", "服务对象满意度指标", "学校满意度", ">=", 90, "%")]
    assert as_tuples(rows_of(jixiao("convert", word, "--to", "yaml"))) == expected
    assert as_tuples(rows_of(jixiao("convert", pdf, "--to", "yaml"))) == expected


def test_the_formats_list_names_pdf_and_doc(jixiao):
    formats = {entry["name"]: entry for entry in json.loads(jixiao("formats", "--format", "json").stdout)}
    assert formats["pdf"]["extensions"] == ["pdf"] and formats["pdf"]["read"]
    assert formats["doc"]["extensions"] == ["doc", "wps"] and formats["doc"]["read"]


def refused(run, path, id):
    assert run.returncode == 2, run.stderr
    message = run.stderr.decode()
    assert message.startswith(f"{path}: error: ") and f"[{id}]" in message, message
    return message


def test_an_encrypted_pdf_is_refused(printed, jixiao, tmp_path):
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is missing: scripts/setup.sh --test installs it")
    locked = tmp_path / "locked.pdf"
    subprocess.run(["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", str(printed["pdf"]), str(locked)], check=True)
    assert "password" in refused(jixiao("convert", locked, "--to", "yaml"), locked, "pdf-encrypted")


def test_a_truncated_pdf_and_garbage_are_refused(printed, jixiao, tmp_path):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(printed["pdf"].read_bytes()[:4000])
    assert "cut short" in refused(jixiao("convert", cut, "--to", "yaml"), cut, "pdf-truncated")
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(bytes(range(256)) * 8)
    assert "not a PDF" in refused(jixiao("convert", garbage, "--to", "yaml"), garbage, "pdf-not-pdf")
    # A PDF header and end with nothing readable between: poppler's own complaint, placed.
    hollow = tmp_path / "hollow.pdf"
    hollow.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    refused(jixiao("convert", hollow, "--to", "yaml"), hollow, "pdf-unreadable")


def test_a_pdf_of_images_needs_ocr(printed, jixiao, tmp_path):
    # A page rendered to a picture (pdftoppm), put into a Word document and printed: no text layer.
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(printed["pdf"]), str(tmp_path / "page")], check=True)
    picture = next(tmp_path.glob("page*.png"))
    document = Document()
    document.add_picture(str(picture))
    scanned_docx = tmp_path / "scanned.docx"
    document.save(scanned_docx)
    scanned = soffice_convert(scanned_docx, "pdf", tmp_path)
    assert subprocess.run(["pdftotext", str(scanned), "-"], capture_output=True, text=True).stdout.strip() == ""
    assert "no text layer; needs OCR" in refused(jixiao("convert", scanned, "--to", "yaml"), scanned, "pdf-no-text")


@needs_soffice
def test_a_doc_libreoffice_cannot_convert_is_refused(jixiao, tmp_path):
    damaged = tmp_path / "damaged.doc"
    damaged.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 16)
    assert "could not convert" in refused(jixiao("convert", damaged, "--to", "yaml"), damaged, "doc-conversion-failed")
    text = tmp_path / "text.doc"
    text.write_bytes(b"\x00\x01plain bytes, no document")
    refused(jixiao("convert", text, "--to", "yaml"), text, "doc-not-word")


def test_no_temporary_folder_is_left_behind(printed, jixiao, tmp_path):
    before = set(pathlib.Path("/tmp").glob("jixiao-??????"))
    jixiao("convert", printed["pdf"], "--to", "yaml")
    jixiao("convert", tmp_path / "missing.pdf", "--to", "yaml")
    assert set(pathlib.Path("/tmp").glob("jixiao-??????")) - before == set()


def test_without_poppler_or_libreoffice_the_message_names_the_package(printed, tmp_path):
    # A PATH with neither pdftotext nor soffice on it.
    binary = JIXIAO_BINARY
    for source, package in ((printed["pdf"], "poppler-utils"), (printed["doc"], "libreoffice-writer-nogui")):
        run = subprocess.run([str(binary), "convert", str(source), "--to", "yaml"], capture_output=True, timeout=60, env={"PATH": str(tmp_path)})
        message = refused(run, source, "tool-missing")
        assert f"apt-get install {package}" in message
