"""Registry writes over HTTP: `jixiao serve --registry DIR --token-file F` on a copy of the
shipped registry. A new version is stored only with the token, after the registry's loaders and
the compatibility policy accept it; a released version is never replaced; hostile ids and bodies
write nothing. The oracle for what was stored is the folder itself, read with PyYAML."""
import hashlib
import json
import os
import shutil
import subprocess

import pytest
import yaml

from serve_support import JIXIAO_BINARY, ROOT, Server, error_of, writable_registry

TOKEN = "test-token-0123456789abcdef"


def list_registry(local):
    """`jixiao schema list` with the local registry `local` over the shipped one."""
    binary = JIXIAO_BINARY
    return subprocess.run([str(binary), "schema", "list"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "JIXIAO_REGISTRY": str(local)})


@pytest.fixture(scope="module")
def arguments(tmp_path_factory):
    return writable_registry(tmp_path_factory.mktemp("registry"), TOKEN)


@pytest.fixture(scope="module")
def registry(arguments):
    return arguments[1]


@pytest.fixture(scope="module")
def server(arguments):
    running = Server(*arguments)
    yield running
    assert running.stop() == 0, "".join(running.log[-20:])


def files(folder):
    return sorted(str(p.relative_to(folder)) for p in (folder / "Schemas").rglob("*") if p.is_file()) + \
        sorted(str(p.relative_to(folder)) for p in (folder / "Mappings").rglob("*") if p.is_file())


def national(version, status="draft", drop_level1=None):
    data = yaml.safe_load((ROOT / "Schemas" / "frameworks" / "national@2.0.0.yaml").read_text(encoding="utf-8"))
    data["version"] = version
    data["status"] = status
    if drop_level1:
        data["nodes"] = [node for node in data["nodes"] if node["name"] != drop_level1]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def post(server, artefact_id, body, token=TOKEN, **query):
    headers = {"Content-Type": "application/yaml"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return server.request("POST", f"/api/v1/artefacts/{artefact_id}/versions", body=body, headers=headers, query=query or None)


@pytest.mark.parametrize("token", [None, "wrong-token-0123456789abcdef", ""])
def test_no_write_without_the_token(server, registry, token):
    before = files(registry)
    status, headers, body = post(server, "national", national("2.1.0"), token=token)
    assert status == 401 and error_of(body)["id"] == "unauthorized"
    assert headers["WWW-Authenticate"] == "Bearer"
    assert files(registry) == before


def test_a_new_version_is_stored_and_listed(server, registry):
    body = national("2.1.0")
    status, headers, answer = post(server, "national", body)
    assert status == 201, answer
    assert json.loads(answer)["version"] == "2.1.0"
    stored = registry / "Schemas" / "frameworks" / "national@2.1.0.yaml"
    assert stored.read_bytes() == body
    status, listing = server.get_json("/api/v1/artefacts/national/versions")
    assert "2.1.0" in [v["version"] for v in listing["versions"]]
    status, _, again = server.request("GET", headers["Location"])
    assert status == 200 and again == body
    # A draft may be replaced.
    status, _, answer = post(server, "national", body)
    assert status == 200 and json.loads(answer)["replaced_draft"] is True


def test_a_released_version_never_changes(server, registry):
    before = (registry / "Schemas" / "frameworks" / "national@2.0.0.yaml").read_bytes()
    status, _, body = post(server, "national", national("2.0.0", status="released"))
    assert status == 409 and error_of(body)["id"] == "version-released"
    assert (registry / "Schemas" / "frameworks" / "national@2.0.0.yaml").read_bytes() == before


def test_a_breaking_change_needs_a_new_major_version(server, registry):
    before = files(registry)
    status, _, body = post(server, "national", national("2.2.0", drop_level1="成本指标"))
    assert status == 422 and error_of(body)["id"] == "incompatible-change"
    assert files(registry) == before
    status, _, body = post(server, "national", national("3.0.0", drop_level1="成本指标"))
    assert status == 201, body


@pytest.mark.parametrize("artefact_id,body,query,expected", [
    ("national", b"id: national\nversion: [unclosed\n", {}, (422, None)),
    ("national", b"id: national\nversion: 2.3.0\nnodes: 7\n", {}, (422, None)),
    ("national", national("2.4.0").replace(b"id: national", b"id: other"), {}, (400, "id-mismatch")),
    ("..%2F..%2Fetc%2Fpasswd", b"id: x\nversion: 1.0.0\n", {"kind": "framework"}, (400, "invalid-id")),
    ("brand-new", b"id: brand-new\nversion: 1.0.0\n", {}, (400, "kind-required")),
    ("brand-new", b"id: brand-new\nversion: 1.0.0\n", {"kind": "nonesuch"}, (400, "unknown-kind")),
])
def test_malformed_or_hostile_writes_store_nothing(server, registry, artefact_id, body, query, expected):
    before = files(registry)
    status, _, answer = post(server, artefact_id, body, **query)
    assert status == expected[0], answer
    if expected[1]:
        assert error_of(answer)["id"] == expected[1]
    else:
        error_of(answer)
    assert files(registry) == before


def test_a_server_without_a_token_takes_no_writes(registry):
    plain = Server()
    try:
        status, _, body = post(plain, "national", national("2.5.0"))
        assert status == 403 and error_of(body)["id"] == "writes-disabled"
    finally:
        assert plain.stop() == 0


def locked(registry):
    """The lines of the folder's Schemas/released.sha256, path to digest, as sha256sum writes them."""
    lines = (registry / "Schemas" / "released.sha256").read_text(encoding="utf-8").splitlines()
    return {line[66:]: line[:64] for line in lines if line}


def test_a_released_version_published_gets_its_line_in_the_folders_released_sha256(server, registry, tmp_path):
    shipped = (ROOT / "Schemas" / "released.sha256").read_text(encoding="utf-8")
    body = national("4.0.0", status="released")
    status, _, answer = post(server, "national", body)
    assert status == 201, answer
    lock = locked(registry)
    assert lock["frameworks/national@4.0.0.yaml"] == hashlib.sha256(body).hexdigest()
    # The lines before it stay, and sha256sum agrees with every line.
    assert (registry / "Schemas" / "released.sha256").read_text(encoding="utf-8").startswith(shipped)
    assert subprocess.run(["sha256sum", "--check", "--quiet", "released.sha256"], cwd=registry / "Schemas").returncode == 0
    # Not a second time, nor for a draft.
    status, _, answer = post(server, "national", body)
    assert status == 409 and error_of(answer)["id"] == "version-released"
    status, _, answer = post(server, "national", national("5.0.0"))
    assert status == 201 and "frameworks/national@5.0.0.yaml" not in locked(registry)

    # Loading the folder checks the released files against their lines: a changed one, or one
    # gone, stops every command that loads it.
    copy = tmp_path / "copy"
    shutil.copytree(registry, copy)
    assert list_registry(copy).returncode == 0
    released = copy / "Schemas" / "frameworks" / "national@4.0.0.yaml"
    released.write_bytes(body + b"# changed by hand\n")
    changed = list_registry(copy)
    assert changed.returncode != 0 and "national@4.0.0.yaml" in changed.stderr and "no longer matches its line" in changed.stderr
    released.unlink()
    gone = list_registry(copy)
    assert gone.returncode != 0 and "national@4.0.0.yaml" in gone.stderr and "the file is gone" in gone.stderr


def test_a_released_version_stays_released_when_its_file_is_gone(tmp_path):
    arguments = writable_registry(tmp_path, TOKEN)
    running = Server(*arguments)
    try:
        body = national("4.0.0", status="released")
        assert post(running, "national", body)[0] == 201
        (tmp_path / "Schemas" / "frameworks" / "national@4.0.0.yaml").unlink()
        # The registry no longer loads, which says why; told the kind, the write is refused as
        # that of a released version.
        status, _, answer = post(running, "national", national("4.0.0", status="draft"))
        assert status == 422 and error_of(answer)["id"] == "registry-released-missing"
        status, _, answer = post(running, "national", national("4.0.0", status="draft"), kind="framework")
        assert status == 409 and error_of(answer)["id"] == "version-released"
        assert not (tmp_path / "Schemas" / "frameworks" / "national@4.0.0.yaml").exists()
    finally:
        assert running.stop() == 0
