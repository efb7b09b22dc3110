"""Hostile requests against `jixiao serve`: a 1 GB upload is refused at the limit and never
held, and 1,000 slow uploads held open at once (slowloris) neither stop the server answering
others nor leave anything behind."""
import pathlib
import socket
import time
import urllib.parse

import pytest

from serve_support import ROOT, Server

EXAMPLE = ROOT / "Examples" / "yunnan-chenggong-2021-project.txt"


@pytest.fixture()
def server(tmp_path):
    running = Server("--max-upload-mb", "2", tmpdir=tmp_path)
    yield running
    assert running.stop() == 0, "".join(running.log)


def address(server):
    parsed = urllib.parse.urlparse(server.url)
    return parsed.hostname, parsed.port


def response_status(connection):
    """The status of the answer read from a raw connection, or None when it closed without one."""
    connection.settimeout(30)
    received = b""
    while b"\r\n" not in received:
        try:
            piece = connection.recv(4096)
        except (ConnectionResetError, socket.timeout):
            break
        if not piece:
            break
        received += piece
    return int(received.split(b" ", 2)[1]) if received.startswith(b"HTTP/1.1 ") else None


def resident_mb(pid):
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024


def test_a_1_gb_upload_is_refused_and_never_held(server, tmp_path):
    # Declared and sent whole: the server answers 413 at once and reads the rest only to throw it
    # away (so that the client, still sending, gets the answer and not a reset).
    connection = socket.create_connection(address(server))
    gigabyte = 1 << 30
    connection.sendall(b"POST /api/v1/convert?filename=big.txt HTTP/1.1\r\nHost: localhost\r\n"
                       b"Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n" % gigabyte)
    piece = b"a" * (1 << 20)
    peak = 0
    try:
        for sent in range(1024):
            connection.sendall(piece)
            if sent % 64 == 0:
                peak = max(peak, resident_mb(server.process.pid))
    except (BrokenPipeError, ConnectionResetError):
        pass
    status = response_status(connection)
    connection.close()
    assert status == 413
    assert peak < 200, f"the server grew to {peak:.0f} MB while a gigabyte came in"
    status, _, _ = server.request("POST", "/api/v1/convert", body=EXAMPLE.read_bytes(), query={"filename": EXAMPLE.name})
    assert status == 200
    assert list(pathlib.Path(tmp_path).iterdir()) == []


def test_a_thousand_slow_uploads_do_not_stop_other_requests(server, tmp_path):
    host, port = address(server)
    slow = []
    try:
        for _ in range(1000):
            connection = socket.create_connection((host, port))
            # A header cut short, then a byte now and then: the client never finishes.
            connection.sendall(b"POST /api/v1/convert?filename=slow.txt HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n")
            slow.append(connection)
        for connection in slow[:100]:
            connection.sendall(b"X")
        started = time.monotonic()
        status, _, body = server.request("POST", "/api/v1/convert", body=EXAMPLE.read_bytes(), query={"filename": EXAMPLE.name})
        assert status == 200 and b"indicators:" in body
        assert time.monotonic() - started < 30
    finally:
        for connection in slow:
            connection.close()
    assert server.process.poll() is None
    status, _, _ = server.request("GET", "/healthz")
    assert status == 200
    assert list(pathlib.Path(tmp_path).iterdir()) == []


def test_a_conversion_over_the_time_limit_gets_503_and_the_server_goes_on(tmp_path):
    running = Server("--time-limit", "1", tmpdir=tmp_path)
    try:
        # Two hundred filings in one text: seconds of work, over the limit of one.
        text = EXAMPLE.read_bytes()
        status, _, body = running.request("POST", "/api/v1/convert", body=text * 200, query={"filename": EXAMPLE.name})
        assert status == 503 and b'"time-limit"' in body, body[:300]
        status, _, body = running.request("POST", "/api/v1/convert", body=text, query={"filename": EXAMPLE.name})
        assert status == 200 and b"indicators:" in body
    finally:
        assert running.stop() == 0, "".join(running.log)
    assert list(pathlib.Path(tmp_path).iterdir()) == []
