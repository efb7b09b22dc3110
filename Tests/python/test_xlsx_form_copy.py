"""Forms read back into YAML files (`convert FORMS/ --out-dir`): an unedited one-form workbook
gives its hidden copy as it stands, which must be byte for byte what `jixiao convert` writes for
the same filing from its YAML; a form another program re-saved without edits counts as unedited;
an edit, a sheet of notes beside the form, or a copy from before the `canonical` row is read
through the form, as before. Checked with openpyxl (edits and the hidden sheet) and PyYAML."""
import openpyxl
import pytest
import yaml

from xlsx_support import FIXTURES, run_jixiao

CASES = [("hebei-chengde-project", "hebei-project-split"), ("hubei-ezhou-department", "hubei-department"),
         ("yunnan-chenggong-project", "national-core")]


def convert_to_folder(path, folder):
    result = run_jixiao("convert", path, "--out-dir", folder, "-q")
    assert result.returncode == 0, result.stderr
    outputs = sorted(folder.glob("*.yaml"))
    assert len(outputs) == 1, outputs
    return outputs[0].read_bytes()


def hidden_copy(book):
    return "".join(row[1].value for row in book["_jixiao"].iter_rows() if row[0].value == "filing")


@pytest.fixture(params=CASES, ids=[f"{fixture}--{template}" for fixture, template in CASES])
def form(request, tmp_path):
    """(the form, the canonical YAML `jixiao convert` writes from the fixture, the fixture as PyYAML reads it)."""
    fixture, template = request.param
    source = FIXTURES / f"{fixture}.yaml"
    path = tmp_path / "form.xlsx"
    written = run_jixiao("convert", source, "--template", template, "-o", path, "-q")
    assert written.returncode == 0, written.stderr
    direct = run_jixiao("convert", source, "-o", tmp_path / "direct.yaml")
    assert direct.returncode == 0, direct.stderr
    return path, (tmp_path / "direct.yaml").read_bytes(), yaml.safe_load(source.read_text(encoding="utf-8"))


def test_an_unedited_form_gives_its_copy_byte_for_byte(form, tmp_path):
    path, direct, filing = form
    output = convert_to_folder(path, tmp_path / "out")
    assert output == direct
    assert output.decode("utf-8") == hidden_copy(openpyxl.load_workbook(path))
    assert yaml.safe_load(output) == filing
    # The form itself is untouched.
    assert openpyxl.load_workbook(path)["_jixiao"]["A1"].value == "template"


def test_a_form_resaved_by_another_program_counts_as_unedited(form, tmp_path):
    path, direct, _ = form
    book = openpyxl.load_workbook(path)
    book.save(tmp_path / "resaved.xlsx")
    assert convert_to_folder(tmp_path / "resaved.xlsx", tmp_path / "out") == direct


def test_an_edited_value_is_read_from_the_form(form, tmp_path):
    path, direct, filing = form
    book = openpyxl.load_workbook(path)
    name = filing["indicators"][0]["name"]
    sheet = next(sheet for sheet in book.worksheets if sheet.sheet_state == "visible")
    cell = next(cell for row in sheet.iter_rows() for cell in row if cell.value == name)
    cell.value = name + "（修订）"
    book.save(tmp_path / "edited.xlsx")
    output = convert_to_folder(tmp_path / "edited.xlsx", tmp_path / "out")
    assert output != direct
    read = yaml.safe_load(output)
    assert read["indicators"][0]["name"] == name + "（修订）"
    # Everything else, down to the fields the form has no column for, as written.
    read["indicators"][0]["name"] = name
    assert read == filing


def test_a_sheet_of_notes_beside_the_form_is_kept(form, tmp_path):
    path, _, filing = form
    book = openpyxl.load_workbook(path)
    book.create_sheet("说明")["A1"] = "本表由财政局汇总"
    book.save(tmp_path / "notes.xlsx")
    read = yaml.safe_load(convert_to_folder(tmp_path / "notes.xlsx", tmp_path / "out"))
    # After what the filing already kept, with the sheet it stood on.
    assert read["extra"][-1]["text"] == "本表由财政局汇总" and read["extra"][-1]["label"] == "说明"
    read["extra"].pop()
    if not read["extra"]:
        del read["extra"]
    assert read == filing


def test_a_copy_from_before_the_canonical_row_is_written_anew(form, tmp_path):
    path, direct, _ = form
    book = openpyxl.load_workbook(path)
    metadata = book["_jixiao"]
    rows = [row[0].row for row in metadata.iter_rows() if row[0].value == "canonical"]
    assert len(rows) == 1 and metadata.cell(row=rows[0], column=2).value == "1"
    metadata.delete_rows(rows[0])
    book.save(tmp_path / "older.xlsx")
    assert convert_to_folder(tmp_path / "older.xlsx", tmp_path / "out") == direct
