"""A file whose name says one container and whose bytes hold another (a Word document saved as
.xlsx, a PDF as .docx, an XLSX workbook as .txt), and Excel's binary workbook (.xlsb), get a clear
error naming the file and what it holds: never a reader's confusion deep inside."""
import zipfile

import docx
import openpyxl
import pytest

from xlsx_support import run_jixiao


def word_document(path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells,
                          ["一级指标", "二级指标", "三级指标", "指标值", "产出指标", "数量指标", "培训人次", "≥100人次"]):
        cell.text = text
    document.save(path)


def workbook(path):
    book = openpyxl.Workbook()
    book.active.append(["一级指标", "二级指标", "三级指标", "指标值"])
    book.active.append(["产出指标", "数量指标", "培训人次", "≥100人次"])
    book.save(path)


def binary_workbook(path):
    # The parts Excel writes for .xlsb: its main part is xl/workbook.bin (BIFF12 records).
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>')
        archive.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                         'Target="xl/workbook.bin"/></Relationships>')
        archive.writestr("xl/workbook.bin", bytes([0x83, 0x01, 0x00, 0x84, 0x01, 0x00]))


@pytest.mark.parametrize("made, name, expected", [
    (word_document, "filing.xlsx", "named .xlsx but it is a Word document: rename it to .docx or read it with --from docx"),
    (workbook, "form.txt", "named .txt but it is an XLSX workbook: rename it to .xlsx or read it with --from xlsx"),
    (workbook, "form.docx", "named .docx but it is an XLSX workbook"),
    (binary_workbook, "form.xlsb", "an Excel binary workbook (.xlsb), which is not read: save it as an Excel workbook (.xlsx) first"),
    (binary_workbook, "form.xlsx", "an Excel binary workbook (.xlsb)"),
])
def test_the_error_names_the_file_and_what_it_holds(made, name, expected, tmp_path):
    path = tmp_path / name
    made(path)
    before = path.read_bytes()
    run = run_jixiao("convert", str(path), "--to", "yaml")
    message = run.stderr
    assert run.returncode == 2, message
    assert message.startswith(f"{path}: error: ") and expected in message, message
    assert path.read_bytes() == before


def test_from_reads_the_file_as_what_it_holds(tmp_path):
    wrong = tmp_path / "filing.xlsx"
    word_document(wrong)
    run = run_jixiao("convert", str(wrong), "--to", "yaml", "--from", "docx")
    assert run.returncode == 0, run.stderr
    assert "name: 培训人次" in run.stdout


def test_on_standard_input_the_container_is_told_by_its_bytes(tmp_path):
    import subprocess
    from xlsx_support import jixiao_binary
    xlsb = tmp_path / "form.xlsb"
    binary_workbook(xlsb)
    run = subprocess.run([str(jixiao_binary()), "convert", "-", "--to", "yaml"], input=xlsb.read_bytes(), capture_output=True)
    assert run.returncode == 2 and "an Excel binary workbook (.xlsb)" in run.stderr.decode()
    document = tmp_path / "filing.docx"
    word_document(document)
    run = subprocess.run([str(jixiao_binary()), "convert", "-", "--to", "yaml"], input=document.read_bytes(), capture_output=True)
    assert run.returncode == 0 and "name: 培训人次" in run.stdout.decode()
