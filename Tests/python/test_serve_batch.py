"""POST /api/v1/convert/batch: several files sent as multipart/form-data, one zip back holding an
output per file. The oracles are Python's own: zipfile (testzip checks every entry's CRC-32,
namelist the names), openpyxl for each form, PyYAML for each canonical YAML, and the single-file
POST /api/v1/convert for what each entry must hold."""
import io
import uuid
import zipfile

import openpyxl
import pytest
import yaml

from serve_support import ROOT, Server, error_of
from test_xlsx_visible_forms import METADATA
from xlsx_support import template_version

EXAMPLES = ROOT / "Examples"
TWO = [EXAMPLES / "yunnan-chenggong-2021-project.txt", EXAMPLES / "hubei-qingshan-2020-project.docx"]


@pytest.fixture(scope="module")
def server():
    running = Server()
    yield running
    assert running.stop() == 0, "".join(running.log[-20:])


def multipart(files, field="files"):
    """(body, content type) of a multipart/form-data body: a part per (name, bytes)."""
    boundary = "----jixiao" + uuid.uuid4().hex
    body = b""
    for name, content in files:
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
                 "Content-Type: application/octet-stream\r\n\r\n").encode("utf-8") + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def batch(server, files, **query):
    body, content_type = multipart(files)
    return server.request("POST", "/api/v1/convert/batch", body=body, headers={"Content-Type": content_type}, query=query or None)


def archive(body):
    """The zip, once zipfile finds every entry whole."""
    opened = zipfile.ZipFile(io.BytesIO(body))
    assert opened.testzip() is None
    for info in opened.infolist():
        assert info.compress_type == zipfile.ZIP_STORED and info.flag_bits & 0x800
    return opened


def test_two_files_give_a_zip_of_a_form_each_named_after_it(server):
    status, headers, body = batch(server, [(path.name, path.read_bytes()) for path in TWO],
                                  to="xlsx", template="national-core")
    assert status == 200, body[:300]
    assert headers.get_content_type() == "application/zip" and "attachment" in headers["Content-Disposition"]
    forms = archive(body)
    assert forms.namelist() == ["yunnan-chenggong-2021-project.xlsx", "hubei-qingshan-2020-project.xlsx"]
    for path, name in zip(TWO, forms.namelist()):
        book = openpyxl.load_workbook(io.BytesIO(forms.read(name)))
        assert book[METADATA]["B1"].value == f"national-core@{template_version('national-core')}"
        # The same form as the single-file conversion gives, sheet by sheet and cell by cell.
        _, _, alone = server.request("POST", "/api/v1/convert", body=path.read_bytes(),
                                     query={"filename": path.name, "to": "xlsx", "template": "national-core"})
        single = openpyxl.load_workbook(io.BytesIO(alone))
        assert book.sheetnames == single.sheetnames
        for sheet in book.worksheets:
            assert [[c.value for c in row] for row in sheet.iter_rows()] == [[c.value for c in row] for row in single[sheet.title].iter_rows()]


def test_a_template_per_file_in_order(server):
    status, _, body = batch(server, [(path.name, path.read_bytes()) for path in TWO],
                            to="xlsx", template=["yunnan-project", "national-core"])
    assert status == 200, body[:300]
    forms = archive(body)
    used = [openpyxl.load_workbook(io.BytesIO(forms.read(name)))[METADATA]["B1"].value.split("@")[0] for name in forms.namelist()]
    assert used == ["yunnan-project", "national-core"]


def test_canonical_yaml_per_file_is_what_convert_gives_and_names_never_clash(server):
    text = TWO[0].read_bytes()
    department = EXAMPLES / "hebei-tangshan-lunan-projects.txt"
    files = [("a.txt", text), ("a.yaml.txt", text), ("a.txt", text), (department.name, department.read_bytes()), ("分局/表.txt", text)]
    status, _, body = batch(server, files, to="yaml")
    assert status == 200, body[:300]
    outputs = archive(body)
    # A path in a client's name is dropped; a second name is numbered.
    assert outputs.namelist() == ["a.yaml", "a.yaml.yaml", "a-2.yaml", "hebei-tangshan-lunan-projects.yaml", "表.yaml"]
    for (name, content), entry in zip(files, outputs.namelist()):
        _, _, alone = server.request("POST", "/api/v1/convert", body=content, query={"filename": name.split("/")[-1]})
        assert outputs.read(entry) == alone
    assert len([d for d in yaml.safe_load_all(outputs.read("hebei-tangshan-lunan-projects.yaml")) if d]) == 5


@pytest.mark.parametrize("case,expected", [
    ("not multipart", (415, "not-multipart")),
    ("no files part", (400, "no-files")),
    ("no end boundary", (400, "bad-multipart")),
    ("empty file", (400, "empty-body")),
    ("two templates for three files", (400, "template-required")),
    ("unreadable file", (422, None)),
    ("unknown format", (400, "unknown-format")),
])
def test_bad_batches_say_what_is_wrong(server, case, expected):
    text = TWO[0].read_bytes()
    if case == "not multipart":
        answer = server.request("POST", "/api/v1/convert/batch", body=text, headers={"Content-Type": "text/plain"}, query={"to": "yaml"})
    elif case == "no files part":
        body, content_type = multipart([("a.txt", text)], field="other")
        answer = server.request("POST", "/api/v1/convert/batch", body=body, headers={"Content-Type": content_type}, query={"to": "yaml"})
    elif case == "no end boundary":
        body, content_type = multipart([("a.txt", text)])
        answer = server.request("POST", "/api/v1/convert/batch", body=body[:-40], headers={"Content-Type": content_type}, query={"to": "yaml"})
    elif case == "empty file":
        answer = batch(server, [("a.txt", text), ("b.txt", b"")], to="yaml")
    elif case == "two templates for three files":
        answer = batch(server, [("a.txt", text)] * 3, to="xlsx", template=["national-core", "yunnan-project"])
    elif case == "unreadable file":
        answer = batch(server, [("a.txt", text), ("broken.xlsx", b"PK\x03\x04 not a workbook")], to="yaml")
    else:
        answer = batch(server, [("a.txt", text)], to="pdf")
    status, _, body = answer
    assert status == expected[0], body[:300]
    error = error_of(body)
    if expected[1]:
        assert error["id"] == expected[1]
    else:
        assert "broken.xlsx" in (error["position"] or "") + error["message"]
