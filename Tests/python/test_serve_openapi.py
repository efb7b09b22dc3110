"""The OpenAPI document at /openapi.yaml against the live server: schemathesis (from PyPI) sends
examples, boundary cases and random requests to every documented operation and checks every
response against the document (status codes, content types, bodies, headers), and that none is a
500. Bounded by a fixed number of examples per operation and a fixed seed."""
import subprocess
import sys

import pytest
import yaml

from serve_support import ROOT, Server, writable_registry

DOCUMENT = ROOT / "Sources" / "JixiaoServer" / "Resources" / "openapi.yaml"


TOKEN = "schemathesis-token-0123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # Writes go to a copy of the registry, with a token the run sends.
    running = Server("--queue", "64", *writable_registry(tmp_path_factory.mktemp("registry"), TOKEN))
    yield running
    assert running.stop() == 0, "".join(running.log[-20:])


def test_the_served_document_is_the_file_and_an_openapi_3_1_document(server):
    status, headers, body = server.request("GET", "/openapi.yaml")
    assert status == 200 and headers.get_content_type() == "application/yaml"
    assert body == DOCUMENT.read_bytes()
    document = yaml.safe_load(body)
    assert document["openapi"].startswith("3.1")
    operations = {(path, method) for path, item in document["paths"].items() for method in item}
    assert operations == {
        ("/api/v1/artefacts", "get"), ("/api/v1/artefacts/{id}/versions", "get"), ("/api/v1/artefacts/{id}/versions", "post"),
        ("/api/v1/artefacts/{id}/versions/{version}", "get"), ("/api/v1/artefacts/{id}/diff", "get"), ("/api/v1/templates", "get"),
        ("/api/v1/convert", "post"), ("/api/v1/convert/batch", "post"), ("/api/v1/validate", "post"), ("/api/v1/tables", "post"), ("/api/v1/migrate", "post"),
        ("/openapi.yaml", "get"), ("/healthz", "get"), ("/", "get"), ("/page.js", "get"), ("/page.css", "get"), ("/read", "post")}


def test_every_documented_operation_answers_as_documented(server, tmp_path):
    pytest.importorskip("schemathesis")
    command = [sys.executable, "-c", "from schemathesis.cli import schemathesis; schemathesis()", "run", server.url + "/openapi.yaml", "--url", server.url,
               "--checks", "all", "--header", f"Authorization: Bearer {TOKEN}",
               # A valid body (any bytes) need not be a readable filing, so 422 is right for most
               # of them; the stateful checks need resources made by the API, which it has none of.
               "--exclude-checks", "positive_data_acceptance,use_after_free,ensure_resource_availability,ignored_auth,object_level_authorization",
               "--max-examples", "40", "--seed", "20261130", "--workers", "1", "--phases", "examples,coverage,fuzzing",
               "--request-timeout", "120", "--no-shrink", "--report-dir", str(tmp_path)]
    run = subprocess.run(command, capture_output=True, timeout=1200, cwd=tmp_path)
    output = run.stdout.decode("utf-8", "replace") + run.stderr.decode("utf-8", "replace")
    assert run.returncode == 0, output[-6000:]
