"""`jixiao serve` over HTTP, started on a free loopback port: the registry as PyYAML reads the
files of Schemas/ and Mappings/, conversions read back with PyYAML and openpyxl against the
hand-made keys of Tests/RealFilings, JSON errors, bounded bodies, no leftover files, the page
(its words from page-words.yaml, parsed with html5lib) and a clean stop on SIGTERM."""
import concurrent.futures
import io
import json
import pathlib
import re
import subprocess
import sys
import zipfile

import html5lib
import openpyxl
import pytest
import yaml

from serve_support import ROOT, Server, error_of
from xlsx_support import jixiao_binary

sys.path.insert(0, str(ROOT / "Benchmarks"))
import accuracy  # noqa: E402

EXAMPLES = ROOT / "Examples"
CORPUS = ROOT / "Tests" / "RealFilings"
WORDS = yaml.safe_load((ROOT / "Sources" / "JixiaoServer" / "Resources" / "page-words.yaml").read_text(encoding="utf-8"))
HTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def tmpdir_for_server(tmp_path_factory):
    return tmp_path_factory.mktemp("serve-tmp")


@pytest.fixture(scope="module")
def server(tmpdir_for_server):
    running = Server("--max-upload-mb", "2", tmpdir=tmpdir_for_server)
    yield running
    assert running.stop() == 0, "".join(running.log)


def registry_headers():
    """(kind folder, id, version, status) of every registry file, as PyYAML reads them."""
    headers = []
    for path in sorted((ROOT / "Schemas").glob("*/*.yaml")) + sorted((ROOT / "Mappings").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        headers.append((data["id"], str(data["version"]), data.get("status", "draft")))
    return headers


def names(filings):
    return sorted(accuracy.compact(row["name"]) for filing in filings for row in filing.get("indicators") or [])


def test_health_and_one_log_line_per_request(server):
    status, body = server.get_json("/healthz")
    assert (status, body) == (200, {"status": "ok"})


def test_artefacts_list_every_registry_file_with_its_versions_and_status(server):
    status, body = server.get_json("/api/v1/artefacts")
    assert status == 200
    listed = {(entry["id"], version["version"], version["status"]) for entry in body["artefacts"] for version in entry["versions"]}
    assert listed == set(registry_headers())
    for entry in body["artefacts"]:
        versions = [v["version"] for v in entry["versions"]]
        assert entry["latest"] in versions
        assert entry["status"] == next(v["status"] for v in entry["versions"] if v["version"] == entry["latest"])


def test_versions_of_one_artefact(server):
    status, body = server.get_json("/api/v1/artefacts/national/versions")
    assert status == 200
    assert body["kind"] == "framework"
    expected = sorted(version for (id_, version, _) in registry_headers() if id_ == "national")
    assert [v["version"] for v in body["versions"]] == expected


def test_a_version_as_its_yaml_file_or_as_json(server):
    path = ROOT / "Schemas" / "frameworks" / "national@2.0.0.yaml"
    status, headers, body = server.request("GET", "/api/v1/artefacts/national/versions/2.0.0")
    assert status == 200 and headers.get_content_type() == "application/yaml"
    assert body == path.read_bytes()
    status, headers, body = server.request("GET", "/api/v1/artefacts/national/versions/2.0.0", headers={"Accept": "application/json"})
    assert status == 200 and headers.get_content_type() == "application/json"
    assert json.loads(body) == json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def test_an_id_shared_by_two_kinds_needs_the_kind(server):
    status, body = server.get_json("/api/v1/artefacts/hubei-department/versions")
    assert status == 400 and body["error"]["id"] == "ambiguous-artefact"
    status, body = server.get_json("/api/v1/artefacts/hubei-department/versions", kind="template")
    assert status == 200 and body["kind"] == "template"


@pytest.mark.parametrize("path", [
    "/api/v1/artefacts/nonesuch/versions",
    "/api/v1/artefacts/national/versions/9.9.9",
    "/api/v1/artefacts/..%2F..%2Fetc%2Fpasswd/versions/1.0.0",
    "/api/v1/artefacts/../../etc/passwd",
    "/nonesuch",
])
def test_unknown_things_are_json_404s(server, path):
    status, _, body = server.request("GET", path)
    assert status == 404
    assert error_of(body)["id"] in {"unknown-artefact", "unknown-version", "not-found"}


def test_templates_are_those_of_schemas_templates(server):
    status, body = server.get_json("/api/v1/templates")
    assert status == 200
    on_disk = set()
    for path in (ROOT / "Schemas" / "templates").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        on_disk.add((data["id"], str(data["version"]), data["kind"]))
    assert {(t["id"], t["version"], t["kind"]) for t in body["templates"]} == on_disk


def exact_filings(count):
    """Real filings the reader gets exactly right (their floor is every row of their key)."""
    floor = json.loads((CORPUS / "accuracy-floor.json").read_text(encoding="utf-8"))["files"]
    names = []
    for text, exact in sorted(floor.items()):
        stem = text[:-len(".txt")]
        if exact == len(accuracy.key_rows(CORPUS / f"{stem}.key.yaml")):
            names.append(stem)
    return names[:count]


@pytest.mark.parametrize("name", exact_filings(4))
def test_real_filings_convert_to_yaml_with_the_indicators_of_their_keys(server, name):
    text = CORPUS / f"{name}.txt"
    status, headers, body = server.request("POST", "/api/v1/convert", body=text.read_bytes(), query={"to": "yaml", "filename": text.name})
    assert status == 200, body[:300]
    assert headers.get_content_type() == "application/yaml"
    filings = list(yaml.safe_load_all(body.decode("utf-8")))
    expected = {accuracy.compact(row["name"]) for row in accuracy.key_rows(CORPUS / f"{name}.key.yaml")}
    assert expected <= set(names(filings))
    # The same bytes as the command line gives for the same file under the same name.
    command = subprocess.run([str(jixiao_binary()), "convert", text.name], cwd=CORPUS, capture_output=True, timeout=300)
    assert command.returncode == 0 and body == command.stdout


def test_a_word_filing_converts_into_a_form_openpyxl_reads(server):
    docx = EXAMPLES / "hubei-qingshan-2020-project.docx"
    status, headers, body = server.request("POST", "/api/v1/convert", body=docx.read_bytes(),
                                           query={"to": "xlsx", "template": "yunnan-project", "filename": docx.name})
    assert status == 200, body[:300]
    assert headers.get_content_type() == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "hubei-qingshan-2020-project.xlsx" in headers["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    template = yaml.safe_load((ROOT / "Schemas" / "templates" / "yunnan-project@1.0.0.yaml").read_text(encoding="utf-8"))
    assert template["sheet"] in workbook.sheetnames
    cells = {accuracy.compact(cell.value) for row in workbook[template["sheet"]].iter_rows() for cell in row if isinstance(cell.value, str)}
    key = accuracy.key_rows(CORPUS / "01-hubei-qingshan-education.key.yaml")
    assert {accuracy.compact(row["name"]) for row in key} <= cells


def test_the_format_comes_from_the_content_type_or_the_bytes(server):
    text = (EXAMPLES / "yunnan-chenggong-2021-project.txt").read_bytes()
    status, _, canonical = server.request("POST", "/api/v1/convert", body=text, query={"filename": "a.txt"})
    assert status == 200
    # Canonical YAML named by its content type, then by nothing at all (sniffed).
    for headers in ({"Content-Type": "application/yaml"}, {"Content-Type": "application/octet-stream"}):
        status, _, again = server.request("POST", "/api/v1/convert", body=canonical, headers=headers)
        assert status == 200, again[:300]
        assert names(yaml.safe_load_all(again.decode())) == names(yaml.safe_load_all(canonical.decode()))


def test_validate_returns_the_findings_report(server):
    text = EXAMPLES / "yunnan-chenggong-2021-project.txt"
    status, headers, body = server.request("POST", "/api/v1/validate", body=text.read_bytes(), query={"filename": text.name})
    assert status == 200 and headers.get_content_type() == "application/json"
    report = json.loads(body)
    assert report["files"][0]["file"] == text.name
    filing = report["files"][0]["filings"][0]
    assert filing["framework"].startswith("national@")
    assert all({"severity", "id", "message"} <= set(finding) for finding in filing["findings"])
    status, _, body = server.request("POST", "/api/v1/validate", body=text.read_bytes(), query={"filename": text.name, "framework": "nonesuch@1.0.0"})
    assert status == 400 and error_of(body)["id"] == "unknown-schema"


def test_bad_requests_say_what_is_wrong_and_where(server):
    status, _, body = server.request("POST", "/api/v1/convert", body=b"no table here\n", query={"filename": "x.txt"})
    assert status == 422
    error = error_of(body)
    assert error["position"] is not None and error["position"].startswith("x.txt")
    status, _, body = server.request("POST", "/api/v1/convert", body=b"x", query={"to": "pdf"})
    assert status == 400 and error_of(body)["id"] == "unknown-format"
    status, _, body = server.request("POST", "/api/v1/convert", body=b"x", query={"to": "xlsx"})
    assert status == 400 and error_of(body)["id"] == "template-required"
    status, _, body = server.request("POST", "/api/v1/convert", body=b"")
    assert status == 400 and error_of(body)["id"] == "empty-body"


def test_bodies_over_the_limit_get_413_declared_or_streamed(server):
    big = b"a" * (3 << 20)
    status, _, body = server.request("POST", "/api/v1/convert", body=big, query={"filename": "big.txt"})
    assert status == 413 and error_of(body)["id"] == "request-too-large"

    def chunks():
        for _ in range(48):
            yield b"b" * (64 << 10)

    # No Content-Length: sent chunked, refused once it passes the limit.
    status, _, body = server.request("POST", "/api/v1/validate", body=chunks(), headers={"Transfer-Encoding": "chunked"})
    assert status == 413 and error_of(body)["id"] == "request-too-large"


def test_no_file_is_left_in_the_temporary_folder(server, tmpdir_for_server):
    text = EXAMPLES / "yunnan-chenggong-2021-project.txt"
    for query in ({"to": "xlsx", "template": "yunnan-project"}, {"to": "yaml"}):
        status, _, _ = server.request("POST", "/api/v1/convert", body=text.read_bytes(), query={**query, "filename": "../../" + text.name})
        assert status == 200
    assert list(pathlib.Path(tmpdir_for_server).iterdir()) == []


def page(server, lang=None):
    status, headers, body = server.request("GET", "/", query={"lang": lang} if lang else None)
    assert status == 200 and headers.get_content_type() == "text/html"
    return body.decode("utf-8"), html5lib.parse(body, namespaceHTMLElements=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_has_its_words_a_label_for_every_control_and_nothing_from_elsewhere(server, lang):
    text, tree = page(server, lang)
    words = WORDS[lang]
    assert tree.find(f"{HTML}head/{HTML}title").text == words["title"]
    assert tree.get("lang") == words["html_lang"]
    labels = {label.get("for") for label in tree.iter(f"{HTML}label")}
    controls = [e for tag in ("input", "select", "textarea") for e in tree.iter(f"{HTML}{tag}")]
    assert controls and all(control.get("id") in labels for control in controls)
    for key in ("files_label", "paste_label", "template_label", "read_button"):
        assert words[key] in text
    sources = [e.get("src") or e.get("href") for e in tree.iter() if e.get("src") or e.get("href")]
    assert all(s.startswith("/") or s.startswith("?") for s in sources), sources
    template_ids = {o.get("value") for o in tree.iter(f"{HTML}option")}
    assert "yunnan-project" in template_ids
    for asset in ("/page.js", "/page.css"):
        assert server.request("GET", asset)[0] == 200


def test_the_page_defaults_to_chinese(server):
    _, tree = page(server)
    assert tree.get("lang") == WORDS["zh"]["html_lang"]


def test_read_shows_each_indicator_with_the_suggested_template(server):
    text = EXAMPLES / "yunnan-chenggong-2021-project.txt"
    status, _, canonical = server.request("POST", "/api/v1/convert", body=text.read_bytes(), query={"filename": text.name})
    expected = [row for filing in yaml.safe_load_all(canonical.decode()) for row in filing["indicators"]]
    status, headers, body = server.request("POST", "/read", body=text.read_bytes(), query={"filename": text.name, "lang": "en"})
    assert status == 200 and headers.get_content_type() == "text/html"
    fragment = html5lib.parseFragment(body.decode("utf-8"), namespaceHTMLElements=True)
    article = next(fragment.iter(f"{HTML}article"))
    assert article.get("data-template") == "yunnan-project"
    rows = list(article.iter(f"{HTML}tbody"))[0].findall(f"{HTML}tr")
    assert [row.findall(f"{HTML}td")[2].text for row in rows] == [row["name"] for row in expected]
    assert WORDS["en"]["indicators_caption"] in body.decode()


def test_a_filing_with_an_error_shows_it_beside_its_row(server):
    text = (EXAMPLES / "yunnan-chenggong-2021-project.txt").read_bytes()
    status, _, canonical = server.request("POST", "/api/v1/convert", body=text, query={"filename": "a.txt"})
    document = yaml.safe_load(canonical.decode())
    document["indicators"][0]["level1"] = "不存在的指标"
    broken = yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode()
    status, _, body = server.request("POST", "/read", body=broken, query={"filename": "broken.yaml"})
    assert status == 200, body[:300]
    fragment = html5lib.parseFragment(body.decode("utf-8"), namespaceHTMLElements=True)
    first = list(fragment.iter(f"{HTML}tbody"))[0].findall(f"{HTML}tr")[0]
    findings = first.findall(f"{HTML}td")[7]
    assert any(item.get("class") == "finding-error" for item in findings.iter(f"{HTML}li")), body.decode()[:2000]


def test_a_diff_between_framework_versions_is_that_of_the_command_line(server):
    status, body = server.get_json("/api/v1/artefacts/national/diff", **{"from": "1.0.0", "to": "2.0.0"})
    assert status == 200
    command = subprocess.run([str(jixiao_binary()), "schema", "diff", "national@1.0.0", "national@2.0.0", "--format", "json"],
                             capture_output=True, timeout=300)
    assert body == json.loads(command.stdout)
    # 成本指标 moves from under 产出指标 to level 1 (Schemas/frameworks, read with PyYAML).
    older = yaml.safe_load((ROOT / "Schemas" / "frameworks" / "national@1.0.0.yaml").read_text(encoding="utf-8"))
    newer = yaml.safe_load((ROOT / "Schemas" / "frameworks" / "national@2.0.0.yaml").read_text(encoding="utf-8"))
    assert "成本指标" not in [node["name"] for node in older["nodes"]] and "成本指标" in [node["name"] for node in newer["nodes"]]
    assert any("成本指标" in json.dumps(change, ensure_ascii=False) for change in body["changes"])
    status, body = server.get_json("/api/v1/artefacts/national/diff", **{"from": "1.0.0", "to": "9.0.0"})
    assert status == 404 and body["error"]["id"] == "unknown-version"
    status, body = server.get_json("/api/v1/artefacts/national/diff", **{"from": "1.0.0"})
    assert status == 400 and body["error"]["id"] == "missing-parameter"


def test_a_zip_bomb_is_refused_and_leaves_nothing(server, tmpdir_for_server, tmp_path):
    # A Word document whose main part inflates to 200 MB of the same byte: under 1 MB sent.
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        package.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            chunk = b"a" * (1 << 20)
            for _ in range(200):
                part.write(chunk)
    assert bomb.stat().st_size < (1 << 20)
    status, _, body = server.request("POST", "/api/v1/convert", body=bomb.read_bytes(), query={"filename": "bomb.docx"})
    assert status == 422 and "too-large" in error_of(body)["id"]
    assert list(pathlib.Path(tmpdir_for_server).iterdir()) == []


def test_a_full_queue_answers_503_and_every_other_request_is_served(tmp_path):
    # One conversion at a time: of eight sent at once, each is either converted or refused
    # cleanly with 503; none fails otherwise. (How many are refused depends on timing.)
    small = Server("--queue", "1")
    try:
        text = (EXAMPLES / "hebei-tangshan-lunan-projects.txt").read_bytes()

        def convert(_):
            return small.request("POST", "/api/v1/convert", body=text, query={"to": "xlsx", "template": "national-core", "filename": "a.txt"})

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(convert, range(8)))
        assert {status for status, _, _ in answers} <= {200, 503}
        assert any(status == 200 for status, _, _ in answers)
        for status, _, body in answers:
            if status == 503:
                assert error_of(body)["id"] == "busy"
    finally:
        assert small.stop() == 0


@pytest.mark.parametrize("name", ["yunnan-chenggong-2021-project.txt", "hubei-qingshan-2020-project.docx"])
def test_tables_are_those_of_the_command_line(server, name):
    body = (EXAMPLES / name).read_bytes()
    status, headers, answer = server.request("POST", "/api/v1/tables", body=body, query={"filename": name})
    assert status == 200 and headers.get_content_type() == "application/json"
    command = subprocess.run([str(jixiao_binary()), "tables", name, "--format", "json"], cwd=EXAMPLES, capture_output=True, timeout=300)
    assert command.returncode == 0
    assert json.loads(answer) == json.loads(command.stdout)
    assert json.loads(answer)["tables"]


def test_migrate_does_what_the_command_does(server, tmp_path):
    # The Yunnan seed follows national@1.0.0, with 成本指标 under 产出指标; 2.0.0 makes it a level 1.
    seed = ROOT / "Tests" / "JixiaoTests" / "Fixtures" / "golden" / "yunnan-chenggong-2021-project.yaml"
    status, _, body = server.request("POST", "/api/v1/migrate", body=seed.read_bytes(), query={"to": "national@2.0.0", "filename": seed.name})
    assert status == 200, body
    report = json.loads(body)
    assert report["complete"] is True
    assert [step["outcome"] for step in report["steps"]] == ["moved"] and "考核工作经费" in report["steps"][0]["description"]
    moved = [row for row in yaml.safe_load(report["yaml"])["indicators"] if row["name"] == "考核工作经费"]
    assert [(row["level1"], row["level2"]) for row in moved] == [("成本指标", "经济成本指标")]
    out = tmp_path / "out.yaml"
    command = subprocess.run([str(jixiao_binary()), "migrate", seed, "--framework", "national@2.0.0", "-o", out], capture_output=True, timeout=300)
    assert command.returncode == 0 and report["yaml"] == out.read_text(encoding="utf-8")
    status, _, body = server.request("POST", "/api/v1/migrate", body=seed.read_bytes(), query={"filename": seed.name})
    assert status == 400 and error_of(body)["id"] == "framework-required"
    status, _, body = server.request("POST", "/api/v1/migrate", body=seed.read_bytes(), query={"to": "national@9.0.0", "filename": seed.name})
    assert status == 400 and error_of(body)["id"] == "unknown-schema"


def test_a_text_files_findings_link_to_its_lines_shown_after_its_filings(server):
    text = EXAMPLES / "yunnan-chenggong-2021-project.txt"
    lines = text.read_text(encoding="utf-8").splitlines()
    status, _, body = server.request("POST", "/read", body=text.read_bytes(), query={"filename": text.name, "index": "3"})
    assert status == 200, body[:300]
    fragment = html5lib.parseFragment(body.decode("utf-8"), namespaceHTMLElements=True)
    source = next(section for section in fragment.iter(f"{HTML}section") if section.get("class") == "source")
    shown = {item.get("id"): "".join(item.itertext()) for item in source.iter(f"{HTML}li")}
    assert list(shown) == [f"f3-line-{n}" for n in range(1, len(lines) + 1)]
    assert list(shown.values()) == lines
    # Every position naming a line of the file (findings, and the source column) links to it.
    links = [a for a in fragment.iter(f"{HTML}a") if a.get("class") == "position"]
    findings = [a for a in links if any(a in list(item) for item in fragment.iter(f"{HTML}li") if (item.get("class") or "").startswith("finding-"))]
    assert findings, body.decode()[:3000]
    for link in links:
        # "第 N 行", the whole position (file:line) as its title.
        line = int(link.get("title").split(":")[1])
        assert link.get("title").startswith(f"{text.name}:{line}")
        assert link.text == WORDS["zh"]["line_place"].format(line=line)
        assert link.get("href") == f"#f3-line-{line}" and f"f3-line-{line}" in shown


def test_a_workbooks_positions_are_shown_as_sheet_and_cell(server):
    workbook = EXAMPLES / "hubei-qingshan-2020-project.docx"
    status, _, body = server.request("POST", "/read", body=workbook.read_bytes(), query={"filename": workbook.name})
    assert status == 200
    fragment = html5lib.parseFragment(body.decode("utf-8"), namespaceHTMLElements=True)
    assert not [section for section in fragment.iter(f"{HTML}section") if section.get("class") == "source"]
    spans = [span for span in fragment.iter(f"{HTML}span") if span.get("class") == "position"]
    assert spans and all(re.match(r"(table \d+, row \d+(, cell \d+)?|paragraph \d+)$", span.text) for span in spans), [s.text for s in spans]
    assert all(span.get("title") == f"{workbook.name}:{span.text}" for span in spans)
    assert not [a for a in fragment.iter(f"{HTML}a") if a.get("class") == "position"]


@pytest.mark.parametrize("index", ["-1", "x", "1e3", "1234567"])
def test_a_bad_index_is_a_400(server, index):
    status, _, body = server.request("POST", "/read", body=b"x", query={"filename": "a.txt", "index": index})
    assert status == 400 and error_of(body)["id"] == "bad-index"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reason_says_the_detected_region_has_no_department_template(server, lang):
    text = EXAMPLES / "hebei-tangshan-lunan-projects.txt"
    status, _, body = server.request("POST", "/read", body=text.read_bytes(), query={"filename": text.name, "lang": lang})
    assert status == 200
    fragment = html5lib.parseFragment(body.decode("utf-8"), namespaceHTMLElements=True)
    articles = list(fragment.iter(f"{HTML}article"))
    reasons = [article.get("data-reason") for article in articles]
    words = WORDS[lang]
    # Hebei has project forms only: the department filing gets the first department form.
    fallback = articles[0].get("data-template")
    assert fallback and not fallback.startswith("hebei-")
    department = words["template_reason_region_lacks_kind"].format(mapping="hebei@1.0.0", kind=words["kind_department"], template=fallback)
    project = words["template_reason_mapping"].format(mapping="hebei@1.0.0", kind=words["kind_project"], template="hebei-project-combined")
    assert reasons == [department] + [project] * 4
    assert [article.get("data-template") for article in articles][1:] == ["hebei-project-combined"] * 4
    # A filing read through the shared mapping has no region.
    other = EXAMPLES / "hubei-ezhou-2024-department.txt"
    _, _, body = server.request("POST", "/read", body=other.read_bytes(), query={"filename": other.name, "lang": lang})
    article = next(html5lib.parseFragment(body.decode("utf-8"), namespaceHTMLElements=True).iter(f"{HTML}article"))
    assert article.get("data-reason") == words["template_reason_kind"].format(kind=words["kind_department"], template=article.get("data-template"))
